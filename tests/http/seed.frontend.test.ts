import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { README_JAVASCRIPT, README_PYTHON, startTestServer, type TestServer } from '../support/test-server.js';
import { DataFrame, formatFixed, PyFloat, requests } from './seed.client.js';

/**
 * The seed's Streamlit frontend (frontend/app.py) against fnbox, used as its users used it:
 * every HTTP exchange it makes, with the checks it applies to each answer (status 200 or it
 * shows an error; the fields it reads; pandas over the execution records). Real executions.
 */

let server: TestServer;
let API_URL: string;

beforeAll(async () => {
  server = await startTestServer();
  API_URL = `${server.url}/api/v1`;
});
afterAll(() => server?.close());

type Func = { id: string; name: string; runtime: string; route: string | null; timeout: number };

/** app.py, one method per thing it does; each returns what the page would show. */
class SeedFrontend {
  token: string | null = null;

  async login(username: string, password: string): Promise<boolean> {
    const response = await requests('post', `${API_URL}/auth/token`, { data: { username, password } });
    if (response.status_code !== 200) return false;
    this.token = response.json()['access_token'];
    return typeof this.token === 'string';
  }

  async register(username: string, email: string, password: string): Promise<boolean> {
    const response = await requests('post', `${API_URL}/auth/register`, { json: { username, email, password } });
    return response.status_code === 200;
  }

  /** Any 401 logs out with "Session expired": a failure of this test, unless it expects one. */
  async api_call(method: 'get' | 'post' | 'delete', endpoint: string, kwargs: { json?: unknown } = {}) {
    const headers = this.token ? { Authorization: `Bearer ${this.token}` } : undefined;
    const response = await requests(method, `${API_URL}/${endpoint}`, { ...kwargs, headers });
    if (response.status_code === 401) {
      this.token = null;
      throw new Error('Session expired. Please login again.');
    }
    return response;
  }

  /** The Functions page: each function's expander text. */
  async listFunctions(): Promise<{ functions: Func[]; shown: string[] }> {
    const response = await this.api_call('get', 'functions/');
    if (response.status_code !== 200) throw new Error('Failed to fetch functions');
    const functions = response.json() as Func[];
    expect(Array.isArray(functions)).toBe(true);
    const shown = functions.map((func) => {
      for (const field of ['name', 'runtime', 'route', 'timeout', 'id'] as const) expect(func, field).toHaveProperty(field);
      return `${func.name} (${func.runtime}) Route: ${func.route ?? 'None'} Timeout: ${func.timeout} seconds`;
    });
    return { functions, shown };
  }

  /** "Execute" on the Functions or the Metrics page: st.json(result), or the error text. */
  async execute(func: Func): Promise<any> {
    const response = await this.api_call('post', `execute/${func.id}`);
    if (response.status_code !== 200) throw new Error(`Error executing function: ${response.text}`);
    return response.json();
  }

  async createFunction(data: { name: string; runtime: 'python' | 'javascript'; route: string; timeout: number; code: string }): Promise<void> {
    const response = await this.api_call('post', 'functions/', { json: { ...data, timeout: new PyFloat(data.timeout) } });
    if (response.status_code !== 200) throw new Error(`Error creating function: ${response.text}`);
  }

  async deleteFunction(func: Func): Promise<boolean> {
    return (await this.api_call('delete', `functions/${func.id}`)).status_code === 200;
  }

  /** The Metrics page for one function: the three st.metric values and the charts' data. */
  async metricsPage(func: Func) {
    const statsResponse = await this.api_call('get', `metrics/stats/function/${func.id}`);
    expect(statsResponse.status_code).toBe(200);
    const stats = statsResponse.json();
    const cards = {
      total: stats['total_executions'],
      successRate: `${formatFixed(stats['success_rate'], 1)}%`,
      avgTime: `${formatFixed(stats['avg_execution_time'], 2)}s`,
    };
    const metricsResponse = await this.api_call('get', `metrics/function/${func.id}`);
    expect(metricsResponse.status_code).toBe(200);
    const metrics = metricsResponse.json();
    if (!(Array.isArray(metrics) ? metrics.length : metrics)) return { stats, cards, df: null };
    const df = new DataFrame(metrics);
    const timestamps = df.toDatetime('timestamp');
    const executionTime = df.numeric('execution_time');
    const memoryUsage = df.numeric('memory_usage');
    return { stats, cards, df, timestamps, executionTime, memoryUsage, statusCounts: df.valueCounts('status') };
  }
}

const FAILING_PYTHON = 'def handler(event, context):\n    raise ValueError("no numbers today")\n';
const SLOW_PYTHON = 'import time\n\ndef handler(event, context):\n    time.sleep(5)\n    return "late"\n';

describe('the seed Streamlit frontend against /api/v1', () => {
  const ui = new SeedFrontend();
  const username = `ada_${process.pid}`;
  const email = `ada-${process.pid}@example.test`;
  const password = 'correct horse battery';

  it('registers ("Registration successful!") and logs in with the username', async () => {
    expect(await ui.register(username, email, password)).toBe(true);
    // The same username or email again is "Registration failed", as on the original.
    expect(await ui.register(username, `other-${email}`, password)).toBe(false);
    expect(await ui.login(username, 'wrong password')).toBe(false);
    expect(ui.token).toBeNull();
    expect(await ui.login(username, password)).toBe(true);
  });

  it('creates functions from the form (route typed without "/" or left empty, timeout 30.0)', async () => {
    await ui.createFunction({ name: 'stats', runtime: 'python', route: 'stats', timeout: 30, code: README_PYTHON });
    await ui.createFunction({ name: 'stats-js', runtime: 'javascript', route: '', timeout: 30, code: README_JAVASCRIPT });
    await ui.createFunction({ name: 'broken', runtime: 'python', route: 'broken', timeout: 30, code: FAILING_PYTHON });
    await ui.createFunction({ name: 'slow', runtime: 'python', route: '', timeout: 1, code: SLOW_PYTHON });
    const { shown } = await ui.listFunctions();
    expect(shown.sort()).toEqual([
      'stats (python) Route: /stats Timeout: 30 seconds',
      'stats-js (javascript) Route: None Timeout: 30 seconds',
      'broken (python) Route: /broken Timeout: 30 seconds',
      'slow (python) Route: None Timeout: 1 seconds',
    ].sort());
  });

  it('executes from the Functions page and shows the result', async () => {
    const { functions } = await ui.listFunctions();
    const byName = Object.fromEntries(functions.map((f) => [f.name, f]));
    expect(await ui.execute(byName['stats']!)).toMatchObject({ status: 'success', output: { sum: 15, average: 3 }, execution_time: expect.any(Number) });
    expect(await ui.execute(byName['stats-js']!)).toMatchObject({ status: 'success', output: { sum: 15, average: 3 } });
    expect(await ui.execute(byName['broken']!)).toMatchObject({ status: 'error', output: expect.stringContaining('no numbers today') });
    expect(await ui.execute(byName['slow']!)).toMatchObject({ status: 'timeout' });
  });

  it('shows the Metrics page: cards in percent and seconds, charts and the status pie from the records', async () => {
    const { functions } = await ui.listFunctions();
    const stats = functions.find((f) => f.name === 'stats')!;
    // "Execute Function" on the Metrics page, then the page reruns.
    await ui.execute(stats);
    const page = await ui.metricsPage(stats);
    expect(page.cards).toEqual({ total: 2, successRate: '100.0%', avgTime: expect.stringMatching(/^\d+\.\d{2}s$/) });
    expect(page.df!.rows).toHaveLength(2);
    expect(page.df!.columns.sort()).toEqual(['error_message', 'execution_time', 'function_id', 'id', 'memory_usage', 'status', 'timestamp']);
    expect(page.timestamps!.map((t) => t.getTime())).toEqual(page.timestamps!.map((t) => t.getTime()).sort((a, b) => a - b));
    expect(page.executionTime!.every((s) => s > 0 && s < 30)).toBe(true);
    expect(page.memoryUsage!.every((mb) => mb >= 0 && mb < 1024)).toBe(true);
    expect([...page.statusCounts!]).toEqual([['success', 2]]);

    const broken = functions.find((f) => f.name === 'broken')!;
    await ui.execute(broken);
    const failing = await ui.metricsPage(broken);
    expect(failing.cards).toMatchObject({ total: 2, successRate: '0.0%' });
    expect(failing.stats.error_rate).toBe(100);
    expect([...failing.statusCounts!]).toEqual([['error', 2]]);
    expect(failing.df!.column('error_message').every((m) => typeof m === 'string' && m.includes('no numbers today'))).toBe(true);

    // A timeout is an "error" record whose message says so.
    const slow = await ui.metricsPage(functions.find((f) => f.name === 'slow')!);
    expect([...slow.statusCounts!]).toEqual([['error', 1]]);
    expect(slow.df!.column('error_message')[0]).toMatch(/timed out/);
  });

  it('shows "No metrics data available" for a function that never ran', async () => {
    await ui.createFunction({ name: 'idle', runtime: 'python', route: 'idle', timeout: 5, code: README_PYTHON });
    const idle = (await ui.listFunctions()).functions.find((f) => f.name === 'idle')!;
    const page = await ui.metricsPage(idle);
    expect(page.cards).toEqual({ total: 0, successRate: '0.0%', avgTime: '0.00s' });
    expect(page.df).toBeNull();
  });

  it('deletes from the Functions page, logs out and back in, and expires a bad session with 401', async () => {
    const { functions } = await ui.listFunctions();
    expect(await ui.deleteFunction(functions.find((f) => f.name === 'idle')!)).toBe(true);
    expect((await ui.listFunctions()).functions.map((f) => f.name)).not.toContain('idle');

    ui.token = null; // "Logout"
    expect(await ui.login(email, password)).toBe(true); // the email works too
    ui.token = `${ui.token}x`;
    await expect(ui.listFunctions()).rejects.toThrow('Session expired');
    expect(ui.token).toBeNull();
  });
});
