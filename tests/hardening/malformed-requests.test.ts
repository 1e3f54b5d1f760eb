/**
 * Requests built to break the server before any resolver runs: absolute-form request targets,
 * Host headers that are no host, and GraphQL documents nested thousands of levels deep (over
 * HTTP and graphql-ws). Each must be a 4xx or BAD_USER_INPUT that shows nothing internal (no
 * stack, no server path), and none may be logged as a server error.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../../server/logger.js';
import { subscribe, wsClient } from '../live/ws.client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { rawExchange } from './http.raw.js';

let server: TestServer;
let token: string;
const logged: { level: number; msg?: string }[] = [];
/** What a stack trace or an internal message looks like in a response. */
const INTERNAL = /\n\s+at |node_modules|\/work\/|Invalid URL|TypeError|RangeError|call stack/;

beforeAll(async () => {
  const sink = new Writable({ write: (line: Buffer, _encoding, done) => (logged.push(JSON.parse(line.toString())), done()) });
  server = await startTestServer({ executor: { stemCellsPerRuntime: 0 } as never }, { logger: createLogger('warn', sink) });
  token = (await server.signUp('malformed')).token;
});
afterAll(() => server?.close());

const code = (body: any) => body?.errors?.[0]?.extensions?.code;

describe('request targets and Host headers', () => {
  it('answers absolute-form targets and malformed Hosts with a 4xx (or the real answer), never a stack', async () => {
    const port = new URL(server.url).port;
    const targets = ['/graphql', '/graphql?query=%7B__typename%7D', '/fn/x', '/api/v1/functions/', '/healthz'];
    const hosts = [`127.0.0.1:${port}`, 'evil', 'a b', '[::1', 'x:1/a?b#c', 'x@y', 'evil:99999'];
    for (const target of targets) {
      for (const form of [`http://evil${target}`, `http://evil:99999${target}`, `//evil${target}`, target]) {
        for (const host of hosts) {
          const res = await rawExchange(server.url, `GET ${form} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
          const label = `GET ${form} Host: ${host} -> ${res.status} ${res.body.slice(0, 300)}`;
          expect(res.status, label).toBeGreaterThanOrEqual(200);
          expect(res.status, label).toBeLessThan(500);
          expect(res.head + res.body, label).not.toMatch(INTERNAL);
          // A contract code (/fn/x does not exist, /api/v1/functions/ needs a token) or Node's own empty 400.
          if (res.status >= 400 && res.body) expect(['BAD_USER_INPUT', 'NOT_FOUND', 'UNAUTHENTICATED'], label).toContain(JSON.parse(res.body).error.code);
        }
      }
    }
  });

  it('serves GraphQL to an absolute-form target with an ordinary Host', async () => {
    const port = new URL(server.url).port;
    const res = await rawExchange(server.url, `GET http://evil/graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).data).toEqual({ __typename: 'Query' });
  });
});

describe('GraphQL over GET', () => {
  it('answers malformed JSON in the query string with BAD_USER_INPUT', async () => {
    for (const query of ['variables=%7B%22a%22%3A', 'extensions=%7B', 'variables=%5B']) {
      const res = await server.http('GET', `/graphql?query=%7B__typename%7D&${query}`, { token });
      expect(res.status, query).toBeLessThan(500);
      expect(code(res.body), `${query}: ${res.text}`).toBe('BAD_USER_INPUT');
      expect(res.text, query).not.toMatch(INTERNAL);
    }
  });
});

describe('deeply nested documents', () => {
  const deep = {
    'a query 5,000 selections deep': `{ ${'me { '.repeat(5000)}id${' }'.repeat(5000)} }`,
    '5,000 bare braces': '{'.repeat(5000) + '}'.repeat(5000),
    'a 50,000-deep list literal': `{ f(x: ${'['.repeat(50_000)}${']'.repeat(50_000)}) }`,
    'a 3,000-deep object literal': `{ f(x: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}) }`,
    'an unclosed 100,000-deep list': `{ f(x: ${'['.repeat(100_000)}) }`,
  };

  it('refuses them over HTTP with BAD_USER_INPUT before parsing', async () => {
    for (const [name, query] of Object.entries(deep)) {
      const res = await server.http('POST', '/graphql', { token, body: { query } });
      expect(res.status, name).toBeLessThan(500);
      expect(code(res.body), name).toBe('BAD_USER_INPUT');
      expect(res.text, name).not.toMatch(INTERNAL);
    }
  });

  it('counts no brackets inside strings and comments', async () => {
    const commented = await server.gql(`{ __typename } # ${'{'.repeat(10_000)}`, {}, token);
    expect(commented.data).toEqual({ __typename: 'Query' });
    const quoted = await server.gql(`mutation { login(email: "${'['.repeat(10_000)}", password: """${'{'.repeat(10_000)}\\""" """) { token } }`);
    expect(code(quoted)).toBe('UNAUTHENTICATED');
  });

  it('refuses them over graphql-ws as an operation error, keeping the connection', async () => {
    const client = wsClient(server.url, token);
    try {
      for (const [name, query] of Object.entries({ ...deep, 'a syntax error': 'subscription {' })) {
        const sub = subscribe(client, query);
        await sub.ended;
        // A list of GraphQL errors, not the socket closing (a CloseEvent).
        expect(Array.isArray(sub.failure), `${name}: ${JSON.stringify(sub.failure)}`).toBe(true);
        expect((sub.failure as any[])[0].extensions?.code, name).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(sub.failure), name).not.toMatch(INTERNAL);
      }
    } finally {
      await client.dispose();
    }
  });

  it('takes deeply nested JSON variables over HTTP and graphql-ws without failing', async () => {
    // Built as text: JSON.stringify (graphql-ws's client uses it) overflows long before the server would.
    const nested = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await server.http('POST', '/graphql', { token, body: `{"query": "{ __typename }", "variables": {"unused": ${nested}}}` });
    expect(JSON.parse(res.text).data).toEqual({ __typename: 'Query' });
    const answer = await rawWsOperation(`{"query": "{ __typename }", "variables": {"unused": ${nested}}}`);
    expect(answer).toEqual([{ id: '1', type: 'next', payload: { data: { __typename: 'Query' } } }, { id: '1', type: 'complete' }]);
  });
});

/** One graphql-ws operation whose payload is sent as given; the server's messages about it, until it completes or fails. */
function rawWsOperation(payload: string): Promise<unknown[]> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const messages: unknown[] = [];
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') return socket.send(`{"id": "1", "type": "subscribe", "payload": ${payload}}`);
      messages.push(message);
      if (message.type === 'complete' || message.type === 'error') socket.close();
    });
    socket.on('close', (code: number, reason: Buffer) => (messages.length ? resolve(messages) : reject(new Error(`closed ${code} ${reason}`))));
    socket.on('error', reject);
  });
}

describe('afterwards', () => {
  it('logged none of it as a server error', () => {
    expect(logged.filter((entry) => entry.level >= 50)).toEqual([]);
  });
});
