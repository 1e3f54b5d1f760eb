import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Memory per node stays bounded however many functions exist: the per-function caches (function
// rows, recent metrics rollups) keep the functions in use and drop the rest past their bounds
// (FNBOX_FUNCTION_CACHE_ENTRIES, FNBOX_METRICS_CACHE_FUNCTIONS), seen through Query.memory.

const FUNCTION_CACHE_ENTRIES = 4;
const METRICS_FUNCTIONS = 3;
const FUNCTIONS = 24;

describe('per-function caches', { timeout: 180_000 }, () => {
  let server: TestServer;
  let admin: { token: string };

  beforeAll(async () => {
    server = await startTestServer({ memory: { functionCacheEntries: FUNCTION_CACHE_ENTRIES, metricsFunctions: METRICS_FUNCTIONS } });
    admin = await server.signUp('admin');
  });
  afterAll(() => server?.close());

  const memory = async () => {
    const res = await server.gql(`{ memory { heapUsedBytes rssBytes cachedFunctions metricsRecentFunctions metricsTotalFunctions } }`, {}, admin.token);
    expect(res.errors).toBeUndefined();
    return res.data.memory as { heapUsedBytes: number; cachedFunctions: number; metricsRecentFunctions: number; metricsTotalFunctions: number };
  };

  it('stay within their bounds while many functions are called and read; what they dropped is read again when needed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < FUNCTIONS; i++) {
      const res = await server.gql(`mutation($n: String!) { createFunction(input: { name: $n, runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, { n: `many-${i}` }, admin.token);
      ids.push(res.data.createFunction.id);
    }
    const hot = ids[0]!;
    let largest = 0;
    for (const [i, id] of ids.entries()) {
      // A few are invoked (cold starts are slow); every one is read, its metrics included.
      if (i % 6 === 0) expect((await server.gql(`mutation($f: ID!) { invokeFunction(id: $f) { status } }`, { f: id }, admin.token)).data.invokeFunction.status).toBe('SUCCESS');
      const read = await server.gql(`query($f: ID!) { function(id: $f) { name metrics(window: LAST_HOUR) { invocations } } }`, { f: id }, admin.token);
      expect(read.errors).toBeUndefined();
      // The hot function is called between every other: it stays cached.
      expect((await server.gql(`mutation($f: ID!) { invokeFunction(id: $f) { status } }`, { f: hot }, admin.token)).data.invokeFunction.status).toBe('SUCCESS');
      const held = await memory();
      largest = Math.max(largest, held.cachedFunctions);
      expect(held.cachedFunctions).toBeLessThanOrEqual(2 * FUNCTION_CACHE_ENTRIES);
      expect(held.metricsRecentFunctions).toBeLessThanOrEqual(METRICS_FUNCTIONS);
    }
    expect(largest).toBeGreaterThan(FUNCTION_CACHE_ENTRIES); // the bound was reached, not just never approached
    expect(server.app.services.functions.cachedFunctions).toBeLessThanOrEqual(2 * FUNCTION_CACHE_ENTRIES);
    // Dropped entries are read again when needed: every function still answers.
    for (const id of ids.slice(0, 3)) expect((await server.gql(`query($f: ID!) { function(id: $f) { name } }`, { f: id }, admin.token)).data.function.name).toMatch(/^many-/);
    expect((await memory()).heapUsedBytes).toBeGreaterThan(0);
  });

  it('is ADMIN only', async () => {
    const user = await server.signUp('user');
    expect((await server.gql(`{ memory { cachedFunctions } }`, {}, user.token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
