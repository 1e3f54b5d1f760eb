import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The seed frontend's exchanges once more, made by the real python-requests (seed.requests.py),
 * where python3 with requests is installed; seed.frontend.test.ts covers the same ground
 * everywhere, pandas included.
 */
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed.requests.py');
const hasRequests = (() => {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let server: TestServer;

describe.skipIf(!hasRequests)('the seed frontend exchanges with python-requests', () => {
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('registers, logs in by username, creates, executes, reads metrics and deletes', async () => {
    // Straight to the test server: requests would otherwise honour a proxy from the environment.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)));
    const { stdout } = await promisify(execFile)('python3', [SCRIPT], { env: { ...env, NO_PROXY: '*', API_URL: `${server.url}/api/v1` } });
    expect(JSON.parse(stdout)).toEqual({
      functions: ['broken (python) Route: None Timeout: 30 seconds', 'stats (python) Route: /stats Timeout: 30 seconds'],
      executions: { stats: 'success', broken: 'error' },
      metrics: {
        stats: { cards: [1, '100.0%', expect.stringMatching(/^\d+\.\d{2}s$/)], statuses: ['success'] },
        broken: { cards: [1, '0.0%', expect.stringMatching(/^\d+\.\d{2}s$/)], statuses: ['error'] },
      },
    });
  });
});
