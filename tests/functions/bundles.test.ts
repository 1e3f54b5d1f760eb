/**
 * Bundles end to end: files and archives (.zip, .tar.gz) through GraphQL, Lambda-style
 * handlers in both runtimes, version history, and every refused path.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64, tarGz, zip } from '../support/archives.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let owner: Awaited<ReturnType<TestServer['signUp']>>;

const LIMITS = { maxZippedBytes: 256 * 1024, maxUnpackedBytes: 2 * 1024 * 1024, maxFiles: 20, maxPathLength: 100, cacheBytes: 8 * 1024 * 1024 };
const FIELDS = 'id version handler code bundleSha256 files { path size sha256 executable base64 content }';
const CREATE = `mutation($i: CreateFunctionInput!) { createFunction(input: $i) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { ${FIELDS} } }`;
const INVOKE = 'mutation($id: ID!, $e: JSON) { invokeFunction(id: $id, input: $e) { status result error logs } }';
const VERSION = `query($id: ID!, $v: Int!) { functionVersion(id: $id, version: $v) { version handler code files { path content } } }`;

type Files = Record<string, string>;
const asFiles = (files: Files) => Object.entries(files).map(([path, content]) => ({ path, content }));

// Names are unique per owner: each function of these tests gets its own.
let bundleNames = 0;
async function create(input: Record<string, unknown>) {
  return server.gql(CREATE, { i: { name: `bundle-${++bundleNames}`, ...input } }, owner.token);
}
async function created(input: Record<string, unknown>) {
  const res = await create(input);
  expect(res.errors).toBeUndefined();
  return res.data.createFunction;
}
async function invoke(id: string, event: unknown = {}) {
  const res = await server.gql(INVOKE, { id, e: event }, owner.token);
  expect(res.errors).toBeUndefined();
  return res.data.invokeFunction;
}
function refused(res: { errors?: { message: string; extensions?: { code?: string } }[] }, message: RegExp) {
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.message).toMatch(message);
}

beforeAll(async () => {
  server = await startTestServer({ bundles: LIMITS });
  owner = await server.signUp('bundles');
}, 300_000);
afterAll(() => server?.close(), 60_000);

const PYTHON_BUNDLE: Files = {
  'src/api.py': [
    'import json, os',
    'import siblings',
    'from pkg import thing',
    'from pkg.deep.leaf import LEAF',
    'from src import siblings as dotted',
    'HERE = os.path.dirname(__file__)',
    'def handler(event, context):',
    '    with open(os.path.join(HERE, "table.json")) as f:',
    '        table = json.load(f)',
    '    with open("root.txt") as f:',
    '        root = f.read().strip()',
    '    return {"sibling": siblings.NAME, "same": dotted is siblings or dotted.NAME == siblings.NAME, "package": thing(), "leaf": LEAF,',
    '            "table": table, "root": root, "cwd": os.getcwd(), "x": event.get("x")}',
  ].join('\n'),
  'src/siblings.py': 'NAME = "sibling"\n',
  'src/table.json': '{"rows": [1, 2, 3]}',
  'pkg/__init__.py': 'def thing():\n    return "package"\n',
  'pkg/deep/leaf.py': 'LEAF = "leaf"\n',
  'root.txt': 'at the root\n',
};

const NODE_CJS_BUNDLE: Files = {
  'index.js': [
    "const fs = require('fs');",
    "const path = require('path');",
    "const { double } = require('./lib/math');",
    "const data = require('./data/config.json');",
    'exports.handler = async (event) => ({',
    '  doubled: double(event.x),',
    '  json: data.name,',
    "  text: fs.readFileSync(path.join(__dirname, 'data', 'note.txt'), 'utf8').trim(),",
    "  cwdText: fs.readFileSync('data/note.txt', 'utf8').trim(),",
    '  cwd: process.cwd(),',
    '});',
  ].join('\n'),
  'lib/math.js': 'module.exports.double = (x) => x * 2;\n',
  'data/config.json': '{"name": "from json"}',
  'data/note.txt': 'next to the handler\n',
};

const NODE_ESM_BUNDLE: Files = {
  'src/app.mjs': [
    "import { readFileSync } from 'node:fs';",
    "import { greet } from './util.mjs';",
    "const note = readFileSync(new URL('./note.txt', import.meta.url), 'utf8').trim();",
    'export async function handler(event) { return { greeting: greet(event.name), note }; }',
  ].join('\n'),
  'src/util.mjs': 'export const greet = (name) => `hello ${name}`;\n',
  'src/note.txt': 'esm note\n',
};

describe('Python bundles', () => {
  it('import siblings and packages, read data next to the handler and from the root (cwd)', async () => {
    const fn = await created({ runtime: 'PYTHON', files: asFiles(PYTHON_BUNDLE), handler: 'src/api.handler' });
    expect(fn.handler).toBe('src/api.handler');
    expect(fn.code).toBe(PYTHON_BUNDLE['src/api.py']);
    expect(fn.files.map((f: { path: string }) => f.path)).toEqual(Object.keys(PYTHON_BUNDLE).sort());
    const result = await invoke(fn.id, { x: 7 });
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ sibling: 'sibling', same: true, package: 'package', leaf: 'leaf', table: { rows: [1, 2, 3] }, root: 'at the root', cwd: '/var/task', x: 7 });
    // Warm: the same container, no reload.
    expect((await invoke(fn.id, { x: 8 })).result.x).toBe(8);
  });

  it('a dotted module handler and the default main.handler', async () => {
    const dotted = await created({ runtime: 'PYTHON', files: asFiles(PYTHON_BUNDLE), handler: 'src.api.handler' });
    expect((await invoke(dotted.id, { x: 1 })).result.sibling).toBe('sibling');
    const plain = await created({ runtime: 'PYTHON', files: [{ path: 'main.py', content: 'def handler(event, context):\n    return "main"\n' }] });
    expect(plain.handler).toBe('main.handler');
    expect((await invoke(plain.id)).result).toBe('main');
  });

  it('a directory Python cannot import, and a module named like one the agent uses', async () => {
    const dashed = await created({
      runtime: 'PYTHON',
      handler: 'my-lib/app.handler',
      files: [{ path: 'my-lib/app.py', content: 'import helper\ndef handler():\n    return helper.VALUE\n' }, { path: 'my-lib/helper.py', content: 'VALUE = "dashed"\n' }],
    });
    expect((await invoke(dashed.id)).result).toBe('dashed');
    const shadow = await created({ runtime: 'PYTHON', handler: 'json.handler', files: [{ path: 'json.py', content: 'def handler():\n    return "my json"\n' }] });
    expect((await invoke(shadow.id)).result).toBe('my json');
  });

  it('as a .tar.gz archive, with an executable and a binary file', async () => {
    const binary = Buffer.from([0, 1, 2, 255, 254]);
    const archive = await tarGz([
      { name: 'app.py', data: 'import os, subprocess\ndef handler():\n    return {"bin": list(open("blob.bin", "rb").read()), "run": subprocess.run(["./run.sh"], capture_output=True, text=True).stdout.strip(), "writable": os.access("app.py", os.W_OK)}\n' },
      { name: 'run.sh', data: '#!/bin/sh\necho ran\n', mode: 0o755 },
      { name: 'blob.bin', data: binary },
      { name: 'empty-dir/', type: 'directory' },
    ]);
    const fn = await created({ runtime: 'PYTHON', archive: b64(archive), handler: 'app.handler' });
    const blob = fn.files.find((f: { path: string }) => f.path === 'blob.bin');
    expect(blob).toMatchObject({ base64: true, content: b64(binary), size: 5 });
    expect(fn.files.find((f: { path: string }) => f.path === 'run.sh').executable).toBe(true);
    const result = await invoke(fn.id);
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ bin: [0, 1, 2, 255, 254], run: 'ran', writable: false });
  });

  it('a file larger than one channel message arrives whole', async () => {
    // 1.5 MB that deflates well: the archive is small, the file spans three 512 KB messages.
    const data = Buffer.from(Array.from({ length: 1536 * 1024 + 7 }, (_, i) => (i % 97) + (i >> 16)));
    const archive = zip([{ name: 'main.py', data: 'import hashlib\ndef handler():\n    data = open("big.bin", "rb").read()\n    return [len(data), hashlib.sha256(data).hexdigest()]\n' }, { name: 'big.bin', data }]);
    const fn = await created({ runtime: 'PYTHON', archive: b64(archive) });
    const result = await invoke(fn.id);
    expect(result.error).toBeNull();
    expect(result.result).toEqual([data.length, createHash('sha256').update(data).digest('hex')]);
    const node = await created({
      runtime: 'NODE',
      archive: b64(zip([{ name: 'index.js', data: "const fs = require('fs');\nconst { createHash } = require('crypto');\nexports.handler = () => { const d = fs.readFileSync('big.bin'); return [d.length, createHash('sha256').update(d).digest('hex')]; };\n" }, { name: 'big.bin', data }])),
    });
    expect((await invoke(node.id)).result).toEqual(result.result);
  });

  it('a missing export is named when the function runs', async () => {
    const fn = await created({ runtime: 'PYTHON', files: [{ path: 'main.py', content: 'def other():\n    pass\n' }] });
    const result = await invoke(fn.id);
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/main\.py defines no function handler/);
  });

  it('an error in a bundled module shows its path and line', async () => {
    const fn = await created({ runtime: 'PYTHON', files: [{ path: 'main.py', content: 'import helper\ndef handler():\n    return helper.boom()\n' }, { path: 'helper.py', content: 'def boom():\n    raise ValueError("from helper")\n' }] });
    const result = await invoke(fn.id);
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/helper\.py", line 2/);
    expect(result.error).toMatch(/ValueError: from helper/);
  });
});

describe('Node bundles', () => {
  it('CommonJS: requires relative files and JSON, reads data relative to the handler and the cwd', async () => {
    const fn = await created({ runtime: 'NODE', files: asFiles(NODE_CJS_BUNDLE) });
    expect(fn.handler).toBe('index.handler');
    const result = await invoke(fn.id, { x: 21 });
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ doubled: 42, json: 'from json', text: 'next to the handler', cwdText: 'next to the handler', cwd: '/var/task' });
  });

  it('ES modules: a nested .mjs handler importing a relative module', async () => {
    const fn = await created({ runtime: 'NODE', files: asFiles(NODE_ESM_BUNDLE), handler: 'src/app.handler' });
    const result = await invoke(fn.id, { name: 'bundle' });
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ greeting: 'hello bundle', note: 'esm note' });
  });

  it('as a .zip archive with "type": "module" in its package.json', async () => {
    const archive = zip([
      { name: 'package.json', data: '{"type": "module"}' },
      { name: 'lib/', mode: 0o040755 },
      { name: 'lib/answer.js', data: 'export default 42;\n' },
      { name: 'handler.js', data: "import answer from './lib/answer.js';\nexport const main = () => ({ answer });\n" },
    ]);
    const fn = await created({ runtime: 'NODE', archive: b64(archive), handler: 'handler.main' });
    const result = await invoke(fn.id);
    expect(result.error).toBeNull();
    expect(result.result).toEqual({ answer: 42 });
  });

  it('a missing export is named when the function runs', async () => {
    const fn = await created({ runtime: 'NODE', files: [{ path: 'index.js', content: 'exports.other = () => 1;\n' }] });
    const result = await invoke(fn.id);
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(/index\.js exports no function handler/);
  });
});

describe('the seed REST API', () => {
  it('creates, updates and runs a bundle with the same fields and rules', async () => {
    const create = await server.http('POST', '/api/v1/functions/', {
      token: owner.token,
      body: { name: 'seed-bundle', runtime: 'javascript', files: asFiles(NODE_CJS_BUNDLE) },
    });
    expect(create.status).toBe(200);
    expect(create.body).toMatchObject({ handler: 'index.handler', code: NODE_CJS_BUNDLE['index.js'] });
    expect(create.body.bundle_sha256).toMatch(/^[0-9a-f]{64}$/);
    const run = await server.http('POST', `/api/v1/execute/${create.body.id}`, { token: owner.token, body: { x: 2 } });
    expect(run.body).toMatchObject({ status: 'success', output: { doubled: 4 } });
    const archive = b64(zip([{ name: 'main.js', data: 'exports.go = () => "zipped";' }]));
    const update = await server.http('PUT', `/api/v1/functions/${create.body.id}`, { token: owner.token, body: { archive, handler: 'main.go' } });
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ handler: 'main.go', version: 2 });
    const bad = await server.http('PUT', `/api/v1/functions/${create.body.id}`, { token: owner.token, body: { files: [{ path: '../x.js', content: '' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"\.\.\/x\.js" contains "\.\."/) });
  });
});

describe('multipart uploads', () => {
  // A server whose JSON body cap (64 KB) is below its bundle limit (256 KB).
  let small: TestServer;
  let user: Awaited<ReturnType<TestServer['signUp']>>;
  beforeAll(async () => {
    small = await startTestServer({ maxBodyBytes: 64 * 1024, bundles: LIMITS, executor: { stemCellsPerRuntime: 0 } as never });
    user = await small.signUp('multipart');
  }, 300_000);
  afterAll(() => small?.close(), 60_000);

  const upload = (operation: string, variables: Record<string, unknown>, file: Buffer | undefined, token = user.token) => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: operation, variables }));
    form.append('map', JSON.stringify(file ? { 0: ['variables.i.archiveFile'] } : {}));
    if (file) form.append('0', new Blob([new Uint8Array(file)]), 'bundle.zip');
    return fetch(`${small.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(async (res) => ({ status: res.status, body: await res.json() }));
  };
  // Random bytes do not compress: the archive is as large as its files.
  const noise = (bytes: number) => Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 7919 + (i >> 8)) % 251));

  it('an archive above the JSON body cap, up to the bundle limit', async () => {
    const archive = zip([{ name: 'index.js', data: 'exports.handler = () => require("fs").statSync("blob.bin").size;' }, { name: 'blob.bin', data: noise(150 * 1024), stored: true }]);
    const json = await small.gql(CREATE, { i: { name: 'json', runtime: 'NODE', archive: b64(archive) } }, user.token);
    expect(json.status).toBe(413);
    const res = await upload(CREATE, { i: { name: 'multipart', runtime: 'NODE', archiveFile: null } }, archive);
    expect(JSON.stringify(res.body.errors)).toBeUndefined();
    const fn = res.body.data.createFunction;
    expect(fn.files.map((f: { path: string }) => f.path)).toEqual(['blob.bin', 'index.js']);
    const run = await small.gql(INVOKE, { id: fn.id, e: {} }, user.token);
    expect(run.data.invokeFunction.result).toBe(150 * 1024);
  });

  it('the bundle limit, the body cap for the other parts, one file, and no File from JSON', async () => {
    const tooBig = zip([{ name: 'index.js', data: noise(300 * 1024), stored: true }]);
    const big = await upload(CREATE, { i: { name: 'big', runtime: 'NODE', archiveFile: null } }, tooBig);
    expect(big.status).toBe(400);
    expect(big.body.errors[0]).toMatchObject({ message: expect.stringMatching(/uploaded file may be at most 262144 bytes/), extensions: { code: 'BAD_USER_INPUT' } });
    const padded = await upload(CREATE, { i: { name: 'x'.repeat(70 * 1024), runtime: 'NODE', archiveFile: null } }, zip([{ name: 'index.js', data: 'x' }]));
    expect(padded.status).toBe(400);
    expect(padded.body.errors[0].message).toMatch(/non-file parts of a multipart request may be at most 65536 bytes/);
    const viaJson = await small.gql(CREATE, { i: { name: 'json', runtime: 'NODE', archiveFile: 'UEsDBA==' } }, user.token);
    expect(viaJson.errors?.[0]?.message).toMatch(/File must be uploaded with a multipart request/);
  });
});

describe('errors in bundled files name the file and line', () => {
  it.each([
    ['PYTHON', [{ path: 'main.py', content: 'import lib.broken\ndef handler():\n    return 1\n' }, { path: 'lib/broken.py', content: 'x = 1\ndef oops(:\n' }], /SyntaxError: .*\(lib\/broken\.py, line 2\)/],
    ['NODE', [{ path: 'index.js', content: "require('./lib/broken');\nexports.handler = () => 1;\n" }, { path: 'lib/broken.js', content: 'const x = 1;\nfunction (\n' }], /SyntaxError: .*\(lib\/broken\.js, line 2\)/],
  ])('%s syntax error', async (runtime, files, message) => {
    const fn = await created({ runtime, files });
    const result = await invoke(fn.id);
    expect(result.status).toBe('ERROR');
    expect(result.error).toMatch(message);
  });
});

describe('versions keep their bundle', () => {
  it('an update replaces the bundle; the old version still has its files; a handler alone re-points it', async () => {
    const v1 = await created({ runtime: 'PYTHON', files: [{ path: 'main.py', content: 'def handler():\n    return 1\n' }] });
    const v2 = (await server.gql(UPDATE, { id: v1.id, i: { files: [{ path: 'main.py', content: 'def handler():\n    return 2\n' }, { path: 'other.py', content: 'def go():\n    return "other"\n' }] } }, owner.token)).data.updateFunction;
    expect(v2.version).toBe(2);
    expect(v2.bundleSha256).not.toBe(v1.bundleSha256);
    expect((await invoke(v1.id)).result).toBe(2);
    const old = (await server.gql(VERSION, { id: v1.id, v: 1 }, owner.token)).data.functionVersion;
    expect(old.files).toEqual([{ path: 'main.py', content: 'def handler():\n    return 1\n' }]);
    const v3 = (await server.gql(UPDATE, { id: v1.id, i: { handler: 'other.go' } }, owner.token)).data.updateFunction;
    expect(v3).toMatchObject({ version: 3, handler: 'other.go', bundleSha256: v2.bundleSha256, code: 'def go():\n    return "other"\n' });
    expect((await invoke(v1.id)).result).toBe('other');
    // Back to one-file code: no files, and the old rules.
    const v4 = (await server.gql(UPDATE, { id: v1.id, i: { code: 'def handler():\n    return 4\n' } }, owner.token)).data.updateFunction;
    expect(v4).toMatchObject({ version: 4, files: [], bundleSha256: null, handler: 'handler.handler' });
    expect((await invoke(v1.id)).result).toBe(4);
    // Restoring version 2 is an update with its files.
    const restored = (await server.gql(UPDATE, { id: v1.id, i: { files: v2.files.map((f: { path: string; content: string }) => ({ path: f.path, content: f.content })), handler: 'main.handler' } }, owner.token)).data.updateFunction;
    expect(restored.bundleSha256).toBe(v2.bundleSha256);
    expect((await invoke(v1.id)).result).toBe(2);
  });
});

describe('refused bundles', () => {
  const py = (files: { path: string; content: string; base64?: boolean }[], over: Record<string, unknown> = {}) => create({ runtime: 'PYTHON', files, ...over });
  const main = { path: 'main.py', content: 'def handler():\n    return 1\n' };

  it.each([
    ['..', '../evil.py', /"\.\.\/evil\.py" contains "\.\."/],
    ['.. inside', 'a/../../evil.py', /contains "\.\."/],
    ['absolute', '/etc/evil.py', /"\/etc\/evil\.py" is absolute/],
    ['a backslash', 'a\\b.py', /must use "\/"/],
    ['an empty segment', 'a//b.py', /empty or "\." segment/],
    ['too long', `${'d/'.repeat(50)}x.py`, /longer than 100 characters/],
  ])('a path with %s', async (_label, path, message) => {
    refused(await py([main, { path, content: 'x' }]), message);
  });

  it('duplicate paths, also as file and directory', async () => {
    refused(await py([main, { path: 'a.py', content: '1' }, { path: './a.py', content: '2' }]), /"a\.py" appears more than once/);
    refused(await py([main, { path: 'a', content: '1' }, { path: 'a/b.py', content: '2' }]), /"a" is both a file and a directory/);
    refused(await create({ runtime: 'PYTHON', archive: b64(zip([{ name: 'main.py', data: '1' }, { name: 'main.py', data: '2' }])) }), /"main\.py" appears more than once/);
  });

  it('too many files', async () => {
    const files = Array.from({ length: LIMITS.maxFiles + 1 }, (_, i) => ({ path: `f${i}.py`, content: '' }));
    refused(await py(files), /more than 20 files/);
    const archive = zip(Array.from({ length: LIMITS.maxFiles + 1 }, (_, i) => ({ name: `f${i}.py`, data: '' })));
    refused(await create({ runtime: 'PYTHON', archive: b64(archive) }), /more than 20 files \(at "f20\.py"\)/);
  });

  it('too large, zipped and unpacked', async () => {
    const big = 'x'.repeat(200 * 1024);
    refused(await py([main, { path: 'a.txt', content: big }, { path: 'b.txt', content: big }]), /larger than 256 KB together \(at "b\.txt"\)/);
    const random = Buffer.from(Array.from({ length: 300 * 1024 }, (_, i) => (i * 7919) % 251));
    refused(await create({ runtime: 'PYTHON', archive: b64(zip([{ name: 'main.py', data: random, stored: true }])) }), /archive is larger than 256 KB/);
    // Compresses well: under the zipped limit, over the unpacked one.
    const zeros = Buffer.alloc(1100 * 1024);
    refused(await create({ runtime: 'PYTHON', archive: b64(zip([{ name: 'a.bin', data: zeros }, { name: 'b.bin', data: zeros }])) }), /unpacks to more than 2 MB \(at "b\.bin"\)/);
  });

  it('zip bombs and gzip bombs, whatever their headers claim', async () => {
    const bomb = zip([{ name: 'main.py', data: Buffer.alloc(50 * 1024 * 1024), claimedSize: 10 }]);
    expect(bomb.length).toBeLessThan(LIMITS.maxZippedBytes);
    refused(await create({ runtime: 'PYTHON', archive: b64(bomb) }), /unpacks to more than 2 MB \(at "main\.py"\)/);
    const tarBomb = await tarGz([{ name: 'main.py', data: Buffer.alloc(50 * 1024 * 1024) }]);
    expect(tarBomb.length).toBeLessThan(LIMITS.maxZippedBytes);
    refused(await create({ runtime: 'PYTHON', archive: b64(tarBomb) }), /unpacks to more than 2 MB/);
  });

  it('symlinks in tar and zip, hard links and device files in tar', async () => {
    refused(await create({ runtime: 'PYTHON', archive: b64(zip([{ name: 'main.py', data: '1' }, { name: 'passwd', data: '/etc/passwd', mode: 0o120777 }])) }), /"passwd" is a symbolic link/);
    refused(await create({ runtime: 'PYTHON', archive: b64(await tarGz([{ name: 'main.py', data: '1' }, { name: 'passwd', type: 'symlink', linkname: '/etc/passwd' }])) }), /"passwd" is a symbolic link/);
    refused(await create({ runtime: 'PYTHON', archive: b64(await tarGz([{ name: 'main.py', data: '1' }, { name: 'hard', type: 'link', linkname: 'main.py' }])) }), /"hard" is a hard link/);
    refused(await create({ runtime: 'PYTHON', archive: b64(await tarGz([{ name: 'main.py', data: '1' }, { name: 'null', type: 'character-device' }])) }), /"null" is a character-device/);
    refused(await create({ runtime: 'PYTHON', archive: b64(await tarGz([{ name: '../main.py', data: '1' }])) }), /contains "\.\."/);
    refused(await create({ runtime: 'PYTHON', archive: b64(zip([{ name: '/main.py', data: '1' }])) }), /is absolute/);
  });

  it('a missing handler file is named', async () => {
    refused(await py([main], { handler: 'app.handler' }), /handler "app\.handler": the bundle has no file "app\.py"/);
    refused(await create({ runtime: 'NODE', files: [main] }), /the bundle has no file "index\.js" or "index\.mjs" or "index\.cjs"/);
    refused(await py([main], { handler: 'main' }), /must be "<file>\.<export>"/);
  });

  it('more than one source, none, a handler with one-file code, garbage archives', async () => {
    refused(await create({ runtime: 'PYTHON', code: main.content, files: [main] }), /one of code, files or archive \(got code and files\)/);
    refused(await create({ runtime: 'PYTHON' }), /code is required/);
    refused(await create({ runtime: 'PYTHON', code: main.content, handler: 'main.handler' }), /handler applies to bundles/);
    refused(await create({ runtime: 'PYTHON', archive: b64(Buffer.from('not an archive at all')) }), /must be a \.zip or a \.tar\.gz/);
    refused(await create({ runtime: 'PYTHON', archive: 'not base64!' }), /archive is not valid base64/);
    refused(await py([{ path: 'main.py', content: '@@@', base64: true }]), /file "main\.py" is not valid base64/);
    refused(await py([{ path: 'main.py', content: b64(Buffer.from([0xff, 0xfe])), base64: true }]), /handler file "main\.py" is not UTF-8 text/);
  });
});
