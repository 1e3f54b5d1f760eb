/**
 * Python dependencies from a PEP 503 index: no public index is reachable here, so the test makes
 * a pure-Python wheel and an sdist with a tiny C extension itself, serves them from an HTTP host
 * in a network namespace (a documentation address, "the internet" to the egress guard), and
 * points FNBOX_PIP_INDEX_URL at it (plain http://, which must just work). The builder compiles
 * the extension; the function imports both, next to its own bundled module.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarGz, zip } from '../support/archives.js';
import type { TestServer } from '../support/test-server.js';
import { startTestHost, type TestHost } from '../network/test.hosts.js';
import { buildEnded, canBuild, closeBuildServer, createFunction, invoke, startBuildServer } from './build.helpers.js';

const INDEX = { address: '198.51.100.130', hostAddress: '198.51.100.129', prefix: 30, httpPort: 8080 };

let server: TestServer;
let token: string;
let index: TestHost | undefined;
let root: string;

/** A wheel is a zip with its metadata and a RECORD of every file's hash. */
function wheel(name: string, version: string, files: Record<string, string>): Buffer {
  const info = `${name}-${version}.dist-info`;
  const all: Record<string, string> = {
    ...files,
    [`${info}/METADATA`]: `Metadata-Version: 2.1\nName: ${name.replace(/_/g, '-')}\nVersion: ${version}\n`,
    [`${info}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: fnbox-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(all).map(([p, text]) => `${p},sha256=${crypto.createHash('sha256').update(text).digest('base64url')},${Buffer.byteLength(text)}`);
  record.push(`${info}/RECORD,,`);
  return zip([...Object.entries(all).map(([p, data]) => ({ name: p, data })), { name: `${info}/RECORD`, data: record.join('\n') + '\n' }]);
}

const C_EXTENSION = `#include <Python.h>
static PyObject *add(PyObject *self, PyObject *args) {
  long a, b;
  if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;
  return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "a + b, in C"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fnbox_cext", NULL, -1, methods};
PyMODINIT_FUNC PyInit_fnbox_cext(void) { return PyModule_Create(&module); }
`;

/** Writes /simple/<project>/index.html (PEP 503) linking each file with its sha256. */
function publish(project: string, files: Record<string, Buffer>) {
  const dir = path.join(root, 'simple', project);
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(root, 'files'), { recursive: true });
  const links = Object.entries(files).map(([name, data]) => {
    fs.writeFileSync(path.join(root, 'files', name), data);
    return `<a href="../../files/${name}#sha256=${crypto.createHash('sha256').update(data).digest('hex')}">${name}</a>`;
  });
  fs.writeFileSync(path.join(dir, 'index.html'), `<!DOCTYPE html><html><body>${links.join('\n')}</body></html>`);
}

beforeAll(async () => {
  if (!canBuild) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-pypi-'));
  publish('fnbox-hello', { 'fnbox_hello-1.0-py3-none-any.whl': wheel('fnbox_hello', '1.0', { 'fnbox_hello/__init__.py': "def greet(name):\n    return 'hello ' + name\n" }) });
  publish('fnbox-cext', {
    'fnbox_cext-1.0.tar.gz': await tarGz([
      { name: 'fnbox_cext-1.0/PKG-INFO', data: 'Metadata-Version: 2.1\nName: fnbox-cext\nVersion: 1.0\n' },
      { name: 'fnbox_cext-1.0/setup.py', data: "from setuptools import setup, Extension\nsetup(name='fnbox-cext', version='1.0', ext_modules=[Extension('fnbox_cext', ['fnbox_cext.c'])])\n" },
      { name: 'fnbox_cext-1.0/fnbox_cext.c', data: C_EXTENSION },
    ]),
  });
  publish('fnbox-broken', {
    'fnbox_broken-1.0.tar.gz': await tarGz([
      { name: 'fnbox_broken-1.0/PKG-INFO', data: 'Metadata-Version: 2.1\nName: fnbox-broken\nVersion: 1.0\n' },
      { name: 'fnbox_broken-1.0/setup.py', data: "from setuptools import setup, Extension\nsetup(name='fnbox-broken', version='1.0', ext_modules=[Extension('fnbox_broken', ['broken.c'])])\n" },
      { name: 'fnbox_broken-1.0/broken.c', data: 'int broken( { return fnbox_undeclared_symbol; }\n' },
    ]),
  });
  index = await startTestHost('pypi', { ...INDEX, serveDir: root });
  server = await startBuildServer('pip', { builds: { registries: { pipIndexUrl: `http://${INDEX.address}:${INDEX.httpPort}/simple` } } as never });
  token = (await server.signUp('pip')).token;
}, 600_000);

afterAll(async () => {
  await closeBuildServer(server);
  index?.remove();
  if (root) fs.rmSync(root, { recursive: true, force: true });
}, 60_000);

describe.runIf(canBuild)('Python dependencies', () => {
  it('installs a wheel and compiles an sdist with a C extension from an http:// PEP 503 index', async () => {
    const created = await createFunction(server, token, {
      name: 'py-deps',
      runtime: 'PYTHON',
      files: [
        { path: 'main.py', content: 'import fnbox_hello, fnbox_cext\nfrom helpers import shout\n\ndef handler(event, context):\n    return {"greeting": shout(fnbox_hello.greet("deps")), "sum": fnbox_cext.add(2, 40)}\n' },
        { path: 'helpers.py', content: 'def shout(text):\n    return text.upper()\n' },
        { path: 'requirements.txt', content: '# from the test index\nfnbox-hello==1.0\nfnbox-cext==1.0\n' },
      ],
    });
    expect(created.errors).toBeUndefined();
    const id = created.data.createFunction.id;
    expect(created.data.createFunction.dependencies).toContain('fnbox-cext==1.0');
    const { build } = await buildEnded(server, token, id);
    expect(build.status, build.log).toBe('SUCCEEDED');
    expect(build.log).toMatch(/Successfully installed .*fnbox-cext/);
    const result = await invoke(server, token, id);
    expect(result.status, result.error).toBe('SUCCESS');
    expect(result.result).toEqual({ greeting: 'HELLO DEPS', sum: 42 });
  }, 600_000);

  it('fails a build whose C extension does not compile and says so in the log', async () => {
    const created = await createFunction(server, token, { name: 'py-broken', runtime: 'PYTHON', code: 'import fnbox_broken\ndef handler(event, context):\n    return 1\n', dependencies: 'fnbox-broken==1.0\n' });
    const { fn, build } = await buildEnded(server, token, created.data.createFunction.id);
    expect(build.status).toBe('FAILED');
    expect(build.log).toMatch(/error/i);
    expect(build.log).toContain('broken.c');
    expect(fn.liveVersion).toBeNull();
  }, 600_000);
});
