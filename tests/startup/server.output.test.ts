import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startupBanner } from '../../server/banner.js';
import { loadConfig, logFormatFrom } from '../../server/config.js';
import { startServerProcess } from '../hardening/server.process.js';
import { startTestServer } from '../support/test-server.js';

// Issue 17 item 4: people at a terminal get readable lines and a banner; pipes and collectors
// keep getting one JSON object per line, exactly as before.

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('server output', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('is pretty on a terminal and JSON otherwise, unless FNBOX_LOG_FORMAT says', () => {
    expect(logFormatFrom({}, true)).toBe('pretty');
    expect(logFormatFrom({}, false)).toBe('json');
    expect(logFormatFrom({ FNBOX_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatFrom({ FNBOX_LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('writes readable lines in the pretty format, secrets still redacted', async () => {
    const script = "import { createLogger } from './server/logger.ts'; createLogger('info', undefined, 'pretty').info({ port: 1, password: 'hunter2' }, 'hello people');";
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT });
    expect(stdout).toContain('INFO');
    expect(stdout).toContain('hello people');
    expect(stdout).not.toContain('hunter2');
    expect(() => JSON.parse(stdout.trim().split('\n')[0]!)).toThrow();
  });

  it('keeps JSON lines and prints no banner when stdout is not a terminal', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-output-'));
    dirs.push(dataDir);
    const server = await startServerProcess(dataDir);
    try {
      await fetch(`${server.url}/healthz`);
      const lines = server.output().trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
      expect(lines.map((line) => JSON.parse(line).msg)).toContain('fnbox listening');
      expect(server.output()).not.toContain('fnbox is running');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('has a banner naming the URL, data dir, database, engine and images', async () => {
    const server = await startTestServer();
    try {
      await server.app.ready;
      const banner = await startupBanner(server.app, loadConfig(process.env, { dataDir: server.dataDir }));
      expect(banner).toContain(server.url);
      expect(banner).toContain(server.dataDir);
      expect(banner).toMatch(/Database\s+SQLite|Database\s+postgres/);
      expect(banner).toMatch(/Engine\s+\S/);
      expect(banner).not.toContain('not ready');
      expect(banner).toMatch(/Images\s+fnbox\/runtime-python:\w+, fnbox\/runtime-node:\w+/);
    } finally {
      await server.close();
    }
  });
});
