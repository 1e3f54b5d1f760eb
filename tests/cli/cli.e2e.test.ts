import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { canBuild, closeBuildServer, hostNpmRegistry, startBuildServer } from '../builds/build.helpers.js';

// The `fnbox` CLI end to end, as a user runs it: the real bin in a child process, a temporary
// HOME (its login stored there), a real server and Docker.

const BIN = path.resolve(import.meta.dirname, '../../bin/fnbox.mjs');
const PASSWORD = 'correct horse battery';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('fnbox CLI', () => {
  let server: TestServer;
  let home: string;
  let project: string;
  let email: string;
  let ownerToken: string;

  const env = (extra: Record<string, string> = {}) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FNBOX_') && k !== 'XDG_CONFIG_HOME')) as Record<string, string>;
    return { ...base, HOME: home, ...extra };
  };
  const start = (args: string[], extra: Record<string, string> = {}) => spawn(process.execPath, [BIN, ...args], { env: env(extra), cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
  const cli = (args: string[], extra: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = start(args, extra);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  const json = async (args: string[], extra?: Record<string, string>) => {
    const run = await cli(['--json', ...args], extra);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  const functionsNamed = async (name: string) => {
    const res = await server.gql('{ functions { id name version } }', {}, ownerToken);
    return res.data.functions.filter((f: { name: string }) => f.name === name);
  };

  beforeAll(async () => {
    await buildCli(); // once, before the runs below start (bin/fnbox.mjs would otherwise race to)
    server = await startTestServer();
    const user = await server.signUp('cli');
    email = user.email;
    ownerToken = user.token;
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-cli-home-'));
    project = path.join(home, 'hello');
  });
  afterAll(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('answers --help everywhere and exits 2 on usage errors', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('deploy');
    expect(help.stdout).toContain('Exit codes');
    expect((await cli(['deploy', '--help'])).stdout).toContain('--prune');
    expect((await cli(['secrets', 'set', '--help'])).code).toBe(0);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['invoke'])).code).toBe(2);
  });

  it('says to log in, exit 4, before a login', async () => {
    const run = await cli(['ls', '--url', server.url]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('fnbox login');
  });

  it('logs in and stores an API key per server, readable by the user only', async () => {
    const run = await cli(['login', '--url', server.url, '--email', email], { FNBOX_PASSWORD: PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    const file = path.join(home, '.config', 'fnbox', 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(config.current).toBe(server.url);
    expect(config.servers[server.url].token).toMatch(/^fnbox_/);
    expect((await cli(['login', '--url', server.url, '--email', email], { FNBOX_PASSWORD: 'wrong password!' })).code).toBe(4);
    expect(await json(['ls'])).toEqual([]);
  });

  it('scaffolds a function folder from the dashboard template', async () => {
    const run = await cli(['init', project, '--runtime', 'PYTHON', '--name', 'hello']);
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'fnbox.json'), 'utf8'));
    expect(manifest.functions[0]).toMatchObject({ name: 'hello', runtime: 'PYTHON' });
    expect(fs.readFileSync(path.join(project, 'main.py'), 'utf8')).toContain('def handler(event, context)');
    expect((await cli(['init', project])).code).toBe(2); // fnbox.json exists
    // The webhook template brings its settings: PUBLIC, and the secret it reads.
    const hook = path.join(home, 'hook');
    expect((await cli(['init', hook, '--template', 'webhook'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(hook, 'fnbox.json'), 'utf8')).functions[0]).toMatchObject({ access: 'PUBLIC', secrets: ['WEBHOOK_SECRET'] });
    // The dependency template brings its package.json (CommonJS: index.js).
    const durations = path.join(home, 'durations');
    expect((await cli(['init', durations, '--template', 'with-dependency'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(durations, 'package.json'), 'utf8'))).toMatchObject({ dependencies: { ms: '2.1.3' } });
    expect(fs.readFileSync(path.join(durations, 'index.js'), 'utf8')).toContain("require('ms')");
  });

  it('deploys twice without duplicating, honours .fnboxignore, syncs schedules and prints the URL', async () => {
    fs.writeFileSync(path.join(project, 'notes.local'), 'not for the server');
    fs.appendFileSync(path.join(project, '.fnboxignore'), '*.local\n');
    fs.mkdirSync(path.join(project, 'broken'));
    fs.writeFileSync(path.join(project, 'broken', 'main.py'), 'def handler(event, context):\n    raise ValueError("boom")\n');
    fs.writeFileSync(
      path.join(project, 'fnbox.json'),
      JSON.stringify({
        functions: [
          { name: 'hello', runtime: 'PYTHON', route: '/cli-hello', schedules: [{ expression: 'rate(1 hour)' }] },
          { name: 'broken', runtime: 'PYTHON', path: 'broken' },
        ],
      }),
    );
    const first = await cli(['deploy', project]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${server.url}/fn/cli-hello`);
    const second = await json(['deploy', project]);
    expect(second.functions.map((f: { name: string; action: string }) => [f.name, f.action])).toEqual([['hello', 'unchanged'], ['broken', 'unchanged']]);
    expect(await functionsNamed('hello')).toHaveLength(1);
    const [hello] = await functionsNamed('hello');
    const files = await server.gql('query($id: ID!) { function(id: $id) { files { path } } }', { id: hello.id }, ownerToken);
    // The folder minus notes.local (.fnboxignore) and .fnboxignore itself.
    expect(files.data.function.files.map((f: { path: string }) => f.path)).toEqual(['broken/main.py', 'fnbox.json', 'main.py']);
    expect((await json(['schedules', 'hello'])).map((s: { expression: string }) => s.expression)).toEqual(['rate(1 hour)']);

    fs.appendFileSync(path.join(project, 'main.py'), '# v2\n');
    const third = await json(['deploy', project]);
    expect(third.functions[0]).toMatchObject({ name: 'hello', action: 'updated', version: 2 });
    expect(await functionsNamed('hello')).toHaveLength(1);
  });

  it('refuses an invalid fnbox.json with exit 2', async () => {
    const bad = path.join(home, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'fnbox.json'), JSON.stringify({ functions: [{ name: 'x' }] }));
    const run = await cli(['deploy', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('runtime');
  });

  it('invokes: the result on stdout, exit 3 when the function fails', async () => {
    const run = await cli(['invoke', 'hello', '--data', '{"numbers": [1, 2]}']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ sum: 3, average: 1.5 });
    const eventFile = path.join(home, 'event.json');
    fs.writeFileSync(eventFile, '{"numbers": [4]}');
    expect(await json(['invoke', 'hello', '--file', eventFile])).toMatchObject({ status: 'SUCCESS', result: { sum: 4 } });
    const failed = await cli(['invoke', 'broken']);
    expect(failed.code).toBe(3);
    expect(failed.stderr).toContain('boom');
    expect((await cli(['invoke', 'hello', '--data', '{not json'])).code).toBe(2);
    expect((await cli(['invoke', 'nosuch'])).code).toBe(1);
  });

  it('follows logs while a function runs', async () => {
    // Prints for three seconds: a follower that joins a little late still sees ticks live.
    fs.writeFileSync(
      path.join(project, 'main.py'),
      'import time\n\ndef handler(event, context):\n    for i in range(15):\n        print(f"tick {i}", flush=True)\n        time.sleep(0.2)\n    print("last line", flush=True)\n    return "done"\n',
    );
    expect((await cli(['deploy', project])).code).toBe(0);
    const follower = start(['logs', 'hello', '--follow', '--limit', '1']);
    let stdout = '';
    let stderr = '';
    follower.stdout.on('data', (d) => (stdout += d));
    follower.stderr.on('data', (d) => (stderr += d));
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    try {
      await until(() => stderr.includes('following'));
      const [hello] = await functionsNamed('hello');
      let finished = false;
      const invocation = server.gql('mutation($id: ID!) { invokeFunction(id: $id) { status } }', { id: hello.id }, ownerToken).then((r) => ((finished = true), r));
      await until(() => stdout.includes('tick '));
      expect(stderr).not.toContain('when each invocation finishes'); // the server streams logs (functionLogs)
      expect(finished).toBe(false); // a line arrived while the function was still running
      expect((await invocation).data.invokeFunction.status).toBe('SUCCESS');
      await until(() => stdout.includes('last line') && stdout.includes('SUCCESS'));
    } finally {
      follower.kill('SIGINT');
    }
    expect(await new Promise((resolve) => follower.on('close', resolve))).toBe(0);
  });

  it('lists versions, rolls back and removes', async () => {
    const versions = await json(['versions', 'hello']);
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const rolled = await json(['rollback', 'hello', '1']);
    expect(rolled).toMatchObject({ name: 'hello', version: 4, rolledBackTo: 1 });
    const run = await cli(['invoke', 'hello']);
    expect(JSON.parse(run.stdout)).toEqual({ sum: 15, average: 3 }); // v1's code again
    expect((await cli(['rm', 'broken'])).code).toBe(0);
    expect((await json(['ls'])).map((f: { name: string }) => f.name)).toEqual(['hello']);
  });

  it('prunes what the manifest no longer names', async () => {
    fs.writeFileSync(path.join(project, 'fnbox.json'), JSON.stringify({ functions: [{ name: 'hello2', runtime: 'PYTHON' }] }));
    const run = await json(['deploy', project, '--prune']);
    expect(run.pruned).toEqual(['hello']);
    expect((await json(['ls'])).map((f: { name: string }) => f.name)).toEqual(['hello2']);
  });

  it('uploads a bundle larger than the JSON body cap as an archive, still idempotently', async () => {
    const big = path.join(home, 'big');
    fs.mkdirSync(big);
    fs.writeFileSync(path.join(big, 'main.py'), 'import os\n\ndef handler(event, context):\n    return os.path.getsize(os.path.join(os.path.dirname(__file__), "blob.bin"))\n');
    fs.writeFileSync(path.join(big, 'blob.bin'), crypto.randomBytes(1536 * 1024));
    fs.writeFileSync(path.join(big, 'fnbox.json'), JSON.stringify({ functions: [{ name: 'big', runtime: 'PYTHON' }] }));
    expect((await json(['deploy', big])).functions[0]).toMatchObject({ name: 'big', action: 'created', version: 1 });
    expect((await json(['deploy', big])).functions[0]).toMatchObject({ name: 'big', action: 'unchanged', version: 1 });
    expect(await json(['invoke', 'big'])).toMatchObject({ status: 'SUCCESS', result: 1536 * 1024 });
  });

  it('manages secrets, and FNBOX_TOKEN overrides the stored login', async () => {
    expect((await cli(['secrets', 'set', 'API_TOKEN', 's3cret'])).code).toBe(0);
    expect((await json(['secrets', 'ls'])).map((s: { name: string }) => s.name)).toEqual(['API_TOKEN']);
    expect((await cli(['secrets', 'rm', 'API_TOKEN'])).code).toBe(0);
    const other = await server.signUp('cli-other');
    expect(await json(['ls'], { FNBOX_TOKEN: other.token, FNBOX_URL: server.url })).toEqual([]);
    expect((await cli(['ls'], { FNBOX_TOKEN: 'fnbox_not-a-key' })).code).toBe(4);
    // CI's invoke-only key: it invokes by name, and may do nothing else.
    const minted = await server.gql('mutation { createApiKey(name: "ci", invokeOnly: true) { key } }', {}, ownerToken);
    const ci = { FNBOX_TOKEN: minted.data.createApiKey.key };
    expect(await json(['invoke', 'hello2'], ci)).toMatchObject({ status: 'SUCCESS', result: 'done' });
    expect((await cli(['ls'], ci)).code).toBe(4);
    expect((await cli(['rm', 'hello2'], ci)).code).toBe(4);
  });
});

describe('fnbox CLI against a server with introspection off', () => {
  it('still deploys and rolls back (the API it cannot discover is done the long way)', async () => {
    await buildCli();
    const server = await startTestServer({ introspection: false });
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-cli-home-'));
    try {
      const user = await server.signUp('cli-closed');
      const env = { ...process.env, HOME: home, FNBOX_URL: server.url, FNBOX_TOKEN: user.token };
      const run = (args: string[]) =>
        new Promise<Run>((resolve) => {
          const child = spawn(process.execPath, [BIN, '--json', ...args], { env, cwd: home });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });
      const dir = path.join(home, 'fn');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'fnbox.json'), JSON.stringify({ functions: [{ name: 'closed', runtime: 'PYTHON' }] }));
      fs.writeFileSync(path.join(dir, 'main.py'), 'def handler(event, context):\n    return 1\n');
      expect((await run(['deploy', dir])).code).toBe(0);
      fs.writeFileSync(path.join(dir, 'main.py'), 'def handler(event, context):\n    return 2\n');
      expect((await run(['deploy', dir])).code).toBe(0);
      const rolled = await run(['rollback', 'closed', '1']);
      expect(rolled.code, rolled.stderr).toBe(0);
      expect(JSON.parse(rolled.stdout)).toMatchObject({ version: 3 });
      expect(JSON.parse((await run(['invoke', 'closed'])).stdout)).toMatchObject({ status: 'SUCCESS', result: 1 });
    } finally {
      await server.close();
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

// Dependency builds through the CLI (issue 17): the registry this host's npm uses, as in
// tests/builds/node-deps.test.ts. Progress goes to stderr as lines when it is not a terminal.
describe.runIf(canBuild)('fnbox deploy with dependencies', () => {
  let server: TestServer | undefined;
  let home: string;
  let run: (args: string[]) => Promise<Run>;

  beforeAll(async () => {
    await buildCli();
    const npm = await hostNpmRegistry();
    server = await startBuildServer('cli', npm.config, npm.egress);
    const user = await server.signUp('cli-deps');
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-cli-home-'));
    const env = { ...process.env, HOME: home, FNBOX_URL: server.url, FNBOX_TOKEN: user.token };
    run = (args) =>
      new Promise<Run>((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { env, cwd: home });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
  }, 120_000);
  afterAll(async () => {
    await closeBuildServer(server);
    if (home) fs.rmSync(home, { recursive: true, force: true });
  }, 60_000);

  const folder = (name: string, dependencies: Record<string, string>) => {
    const dir = path.join(home, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'fnbox.json'), JSON.stringify({ functions: [{ name, runtime: 'NODE' }] }));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', dependencies }));
    fs.writeFileSync(path.join(dir, 'index.js'), "const isNumber = require('is-number');\nexports.handler = () => ({ five: isNumber(5) });\n");
    return dir;
  };

  it('shows the build as it runs, then the function serves with its dependency', async () => {
    const deployed = await run(['deploy', folder('with-dep', { 'is-number': '7.0.0' })]);
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.stderr).toContain('build of with-dep: succeeded');
    expect(deployed.stderr).toMatch(/build of with-dep: (queued|building)/);
    expect(deployed.stdout).toContain('created   with-dep v1');
    const invoked = await run(['--json', 'invoke', 'with-dep']);
    expect(invoked.code, invoked.stderr).toBe(0);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ status: 'SUCCESS', result: { five: true } });
  }, 300_000);

  it('exits 1 with the build log when a dependency cannot be found, and the previous version keeps serving', async () => {
    const dir = folder('with-dep', { 'is-number': '7.0.0', 'fnbox-test-package-that-does-not-exist': '1.0.0' });
    const failed = await run(['deploy', dir]);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain('build of with-dep: failed');
    expect(failed.stderr).toContain('build failed: with-dep');
    expect(failed.stdout).toContain('build FAILED; the previous version keeps serving');
    expect(failed.stdout).toContain('fnbox-test-package-that-does-not-exist');
    const json = await run(['--json', 'deploy', dir]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout.slice(0, json.stdout.lastIndexOf('\n{')))).toMatchObject({ functions: [{ name: 'with-dep', build: { status: 'FAILED' } }] });
    const invoked = await run(['--json', 'invoke', 'with-dep']);
    expect(JSON.parse(invoked.stdout)).toMatchObject({ status: 'SUCCESS', result: { five: true } });
  }, 300_000);
});
