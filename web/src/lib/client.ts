import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { isUnauthenticated } from './errors.js';

export type LiveState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface ApiClientOptions {
  token: string | null;
  /** Origin of the page, e.g. http://127.0.0.1:8080 (the app talks to its own origin). */
  origin: string;
  /** Called once for any UNAUTHENTICATED error, over HTTP or the WebSocket. */
  onUnauthenticated: () => void;
  onLiveState?: (state: LiveState) => void;
}

export interface ApiClient {
  client: Client;
  ws: WsClient | null;
  dispose(): void;
}

/** ws://host/graphql for http pages, wss:// for https. */
export function websocketUrl(origin: string): string {
  const url = new URL('/graphql', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** 1 s, 2 s, 4 s, ... capped at 15 s, with jitter so tabs don't reconnect in step. */
export function retryDelay(retries: number, random: () => number = Math.random): number {
  return Math.min(1000 * 2 ** retries, 15_000) + Math.floor(random() * 500);
}

// graphql-ws close codes that mean the credentials were refused.
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

/**
 * One urql client per token: HTTP for queries and mutations, graphql-ws for subscriptions.
 * A new token (sign-in, sign-out) means a new client, so the cache and the socket never
 * outlive the credentials they were made with.
 */
export function createApiClient({ token, origin, onUnauthenticated, onLiveState }: ApiClientOptions): ApiClient {
  let reported = false;
  const unauthenticated = () => {
    if (reported) return;
    reported = true;
    onUnauthenticated();
  };

  let retrying = false;
  const ws = token
    ? createWsClient({
        url: websocketUrl(origin),
        connectionParams: () => ({ authorization: `Bearer ${token}` }),
        lazy: true,
        lazyCloseTimeout: 3_000,
        keepAlive: 20_000,
        retryAttempts: Number.POSITIVE_INFINITY,
        retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
        shouldRetry: (event) => {
          const code = (event as { code?: number } | null)?.code;
          return !(code !== undefined && AUTH_CLOSE_CODES.has(code));
        },
        on: {
          connecting: () => onLiveState?.(retrying ? 'reconnecting' : 'connecting'),
          connected: () => {
            retrying = false;
            onLiveState?.('live');
          },
          closed: (event) => {
            const code = (event as { code?: number } | null)?.code;
            if (code !== undefined && AUTH_CLOSE_CODES.has(code)) return unauthenticated();
            // 1000: closed on purpose (lazy close after the last subscription, or dispose).
            if (code === 1000) return onLiveState?.('idle');
            retrying = true;
            onLiveState?.('reconnecting');
          },
        },
      })
    : null;

  const client = new Client({
    url: new URL('/graphql', origin).toString(),
    requestPolicy: 'cache-and-network',
    preferGetMethod: false,
    fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      mapExchange({
        onError(error) {
          if (isUnauthenticated(error)) unauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        enableAllOperations: false,
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              if (!ws) {
                sink.error(new Error('Sign in to receive live updates.'));
                return { unsubscribe: () => {} };
              }
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    ws,
    dispose() {
      reported = true; // a disposed client no longer reports anything
      void ws?.dispose();
    },
  };
}
