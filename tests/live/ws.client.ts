import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client against the test server's /graphql. */
export function wsClient(httpUrl: string, token?: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : undefined),
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Subscription<T> {
  results: FormattedExecutionResult<T, unknown>[];
  /** Data of every result without errors. */
  data: T[];
  /** Errors sent by the server (error message) or the socket closing (CloseEvent-like). */
  failure: unknown;
  completed: boolean;
  /** Resolves when the subscription ends (complete or error). */
  ended: Promise<void>;
  /** Resolves once `predicate` holds for the results so far. */
  until(predicate: (s: Subscription<T>) => boolean): Promise<void>;
  dispose(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const waiters: { predicate: (s: Subscription<T>) => boolean; resolve: () => void }[] = [];
  let endResolve!: () => void;
  const check = () => {
    for (const w of [...waiters]) if (w.predicate(sub)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  const sub: Subscription<T> = {
    results: [],
    data: [],
    failure: undefined,
    completed: false,
    ended: new Promise<void>((resolve) => (endResolve = resolve)),
    until: (predicate) => new Promise<void>((resolve) => (predicate(sub) ? resolve() : waiters.push({ predicate, resolve }))),
    dispose: () => undispose(),
  };
  const undispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        sub.results.push(result);
        if (!result.errors && result.data) sub.data.push(result.data as T);
        check();
      },
      error: (error) => {
        sub.failure = error;
        endResolve();
        check();
      },
      complete: () => {
        sub.completed = true;
        endResolve();
        check();
      },
    },
  );
  return sub;
}
