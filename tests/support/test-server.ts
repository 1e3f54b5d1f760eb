import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App, type AppOptions } from '../../server/app.js';
import type { Config } from '../../server/config.js';
import { openStore, type Db } from '../../server/db/database.js';
import { createTestDatabase, testDialect, type TestDatabase } from './postgres.js';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResponse<T>>;
  http(method: string, urlPath: string, options?: { token?: string; body?: unknown; form?: Record<string, string>; headers?: Record<string, string> }): Promise<HttpResponse>;
  /** Registers a fresh user (unique email) and returns its token and id. */
  signUp(prefix?: string): Promise<{ token: string; id: string; email: string; role: string }>;
  close(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

let counter = 0;

/**
 * With FNBOX_TEST_DIALECT=postgres every data dir gets a PostgreSQL database of its own: a
 * server started again on the same data dir (a restart) finds the same store, as on SQLite.
 */
const databases = new Map<string, TestDatabase>();

async function databaseFor(dataDir: string): Promise<TestDatabase | undefined> {
  if (testDialect !== 'postgres') return undefined;
  let database = databases.get(dataDir);
  if (!database) databases.set(dataDir, (database = await createTestDatabase()));
  return database;
}

/** The store of a (closed or running) test server's data dir, for a test to read or doctor. */
export async function openTestStore(dataDir: string): Promise<Db> {
  return openStore({ dataDir, databaseUrl: (await databaseFor(dataDir))?.url });
}

/** A real server on a random port with a temporary data dir, talking to the real Docker engine. */
export async function startTestServer(overrides: Partial<Config> = {}, options: Omit<AppOptions, 'config'> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-test-'));
  const databaseUrl = overrides.databaseUrl ?? (await databaseFor(dataDir))?.url;
  const app = await createApp({
    ...options,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl,
      jwtSecret: undefined,
      ...overrides,
      executor: { stemCellsPerRuntime: 1, ...(overrides.executor ?? {}) } as Config['executor'],
    },
  });
  await app.ready;

  const http: TestServer['http'] = async (method, urlPath, { token, body, form, headers = {} } = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (token) h.authorization = `Bearer ${token}`;
    if (form) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      init.body = new URLSearchParams(form).toString();
    } else if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(app.url + urlPath, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };

  const gql: TestServer['gql'] = async (query, variables, token) => {
    const res = await http('POST', '/graphql', { token, body: { query, variables } });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors };
  };

  return {
    app,
    url: app.url,
    dataDir,
    gql,
    http,
    async signUp(prefix = 'user') {
      const email = `${prefix}-${process.pid}-${++counter}-${Date.now()}@example.test`;
      const res = await gql(`mutation($e: String!, $p: String!) { register(email: $e, password: $p) { token user { id email role } } }`, {
        e: email,
        p: 'correct horse battery',
      });
      if (res.errors) throw new Error(`signUp failed: ${JSON.stringify(res.errors)}`);
      return { token: res.data.register.token, id: res.data.register.user.id, email, role: res.data.register.user.role };
    },
    async close() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      await databases.get(dataDir)?.drop();
      databases.delete(dataDir);
    },
  };
}

/** The README's two examples, verbatim. */
export const README_PYTHON = `def handler():
    numbers = [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}
`;

export const README_JAVASCRIPT = `function handler() {
  const numbers = [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
console.log(JSON.stringify(handler()));
`;
