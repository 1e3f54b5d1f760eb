import type { Client } from 'graphql-ws';
import { CliError, EXIT } from './cli.errors.js';
import type { Target } from './cli.config.js';

/** A file sent with a request: `variablePath` is where it goes, e.g. "variables.i.archiveFile". */
export interface Upload {
  variablePath: string;
  data: Uint8Array;
  fileName: string;
}

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

  async request<T = any>(query: string, variables: Record<string, unknown> = {}, options: { anonymous?: boolean; upload?: Upload } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (!options.anonymous) headers.authorization = `Bearer ${this.requireToken()}`;
    let body: string | FormData = JSON.stringify({ query, variables });
    if (options.upload) {
      // The GraphQL multipart request spec: a bundle up to the server's bundle limit, past the JSON body cap.
      const form = new FormData();
      form.append('operations', body);
      form.append('map', JSON.stringify({ 0: [options.upload.variablePath] }));
      form.append('0', new Blob([new Uint8Array(options.upload.data)]), options.upload.fileName);
      body = form;
    } else headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body });
    } catch (error) {
      throw new CliError(`Cannot reach ${this.url}: ${causeOf(error)}`, EXIT.FAILURE, 'UNREACHABLE');
    }
    const answer = (await response.json().catch(() => null)) as { data?: T; errors?: GraphQLErrorShape[] } | null;
    if (!answer) throw new CliError(`${this.url}/graphql answered ${response.status} without JSON: is it an fnbox server?`, EXIT.FAILURE);
    if (answer.errors?.length) throw apiError(answer.errors[0]!);
    return answer.data as T;
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
        // A server with introspection off (FNBOX_INTROSPECTION=false) answers nothing: then the
        // CLI uses what every server has (rollback by hand, logs at the end, no build wait).
        () => new Set<string>(),
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
