import type { Client } from 'graphql-ws';
import { CliError, EXIT } from './cli.errors.js';
import type { Target } from './cli.config.js';

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

/** The public GraphQL API, the only one the CLI speaks: POST /graphql, and graphql-ws for live streams. */
export class ApiClient {
  private ws: Promise<Client> | undefined;
  private markConnected = () => {};
  /** Resolves once the live connection is up (its subscriptions were sent right behind). */
  readonly connected = new Promise<void>((resolve) => (this.markConnected = resolve));
  private schemaFields = new Map<string, Promise<Set<string>>>();

  constructor(readonly target: Target) {}

  get url(): string {
    return this.target.url;
  }

  async request<T = any>(query: string, variables: Record<string, unknown> = {}, options: { anonymous?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (!options.anonymous) headers.authorization = `Bearer ${this.requireToken()}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    } catch (error) {
      throw new CliError(`Cannot reach ${this.url}: ${causeOf(error)}`, EXIT.FAILURE, 'UNREACHABLE');
    }
    const body = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLErrorShape[] } | null;
    if (!body) throw new CliError(`${this.url}/graphql answered ${response.status} without JSON: is it an fnbox server?`, EXIT.FAILURE);
    if (body.errors?.length) throw apiError(body.errors[0]!);
    return body.data as T;
  }

  /** Subscribes; `onData` gets each result. `done` resolves when the stream ends, rejects on its error. */
  subscribe<T = any>(query: string, variables: Record<string, unknown>, onData: (data: T) => void): { done: Promise<void>; stop: () => void } {
    let stopped = false;
    let unsubscribe: () => void = () => void (stopped = true);
    const done = this.liveClient().then(
      (client) =>
        new Promise<void>((resolve, reject) => {
          if (stopped) return resolve();
          unsubscribe = client.subscribe<T>(
            { query, variables },
            {
              next: (result) => (result.errors?.length ? reject(apiError(result.errors[0] as GraphQLErrorShape)) : onData(result.data as T)),
              error: (error) => reject(Array.isArray(error) ? apiError(error[0]) : new CliError(`The live connection to ${this.url} ended: ${closeReason(error)}`, EXIT.FAILURE)),
              complete: resolve,
            },
          );
        }),
    );
    return { done, stop: () => unsubscribe() };
  }

  /** graphql-ws and ws load only when a command streams: `fnbox --help` and most commands never need them. */
  private liveClient(): Promise<Client> {
    const token = this.requireToken();
    this.ws ??= Promise.all([import('graphql-ws'), import('ws')]).then(([{ createClient }, { default: WebSocket }]) =>
      createClient({
        url: `${this.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: true,
        on: { connected: () => this.markConnected() },
      }),
    );
    return this.ws;
  }

  /** Whether the server's schema has `type.field`: the CLI uses newer API where it exists. */
  async hasField(type: string, field: string): Promise<boolean> {
    let fields = this.schemaFields.get(type);
    if (!fields) {
      fields = this.request<{ __type: { fields: { name: string }[] } | null }>('query($t: String!) { __type(name: $t) { fields { name } } }', { t: type }, { anonymous: true }).then(
        (data) => new Set(data.__type?.fields.map((f) => f.name) ?? []),
      );
      this.schemaFields.set(type, fields);
    }
    return (await fields).has(field);
  }

  async close(): Promise<void> {
    if (this.ws) await (await this.ws).dispose();
  }

  private requireToken(): string {
    if (!this.target.token) throw new CliError(`Not signed in to ${this.url}: run \`fnbox login\` or set FNBOX_TOKEN`, EXIT.AUTH, 'UNAUTHENTICATED');
    return this.target.token;
  }
}

function apiError(error: GraphQLErrorShape): CliError {
  const code = error.extensions?.code;
  const exit = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? EXIT.AUTH : EXIT.FAILURE;
  const hint = code === 'UNAUTHENTICATED' ? ' (run `fnbox login`)' : '';
  return new CliError(`${error.message}${hint}`, exit, code);
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

function closeReason(error: unknown): string {
  const event = error as { code?: number; reason?: string };
  return event?.reason || (event?.code ? `closed with ${event.code}` : String(error));
}
