/**
 * Builder images build what the runtime images load: a C extension compiled by pip in the
 * Python builder imports in the Python runtime, node_modules installed by npm in the Node
 * builder are required by the Node runtime. Everything offline: containers have no network.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../server/executor/executor.types.js';
import {
  BUILDER_LABEL,
  BUILDER_OUTPUT_DIR,
  builderImageTag,
  ensureBuilderImage,
} from '../../server/executor/images/builder.images.js';
import { ensureRuntimeImages, runtimeImageId } from '../../server/executor/images/image.builder.js';

const BUILD_TIMEOUT_MS = 15 * 60_000;
/** Where the tests mount a builder's output in the runtime: read-only, like a dependency layer. */
const DEPS_DIR = '/opt/deps';

const docker = new Docker();
const builders = {} as Record<Runtime, string>;
let runtimes: Record<Runtime, string>;
let work: string;

beforeAll(async () => {
  // No registry pulls from tests: the offline base (or locally present slim images) only.
  const options = { pullOfficialBase: false };
  runtimes = await ensureRuntimeImages(docker, options);
  // Two overlapping calls must agree and not trip over each other.
  const [python, again] = await Promise.all([ensureBuilderImage(docker, 'PYTHON', options), ensureBuilderImage(docker, 'PYTHON', options)]);
  expect(again).toBe(python);
  builders.PYTHON = python;
  builders.NODE = await ensureBuilderImage(docker, 'NODE', options);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-builder-test-'));
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh output directory the builder's unprivileged user can write. */
function outputDir(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.chmodSync(dir, 0o777);
  return dir;
}

/**
 * Run a command to completion with no network, as uid 10001 on a read-only root with a
 * writable /tmp. Returns exit code and combined output.
 */
async function runIn(image: string, command: string[], opts: { binds?: string[]; env?: string[] } = {}) {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: command,
    User: '10001:10001',
    Tty: true,
    Env: opts.env,
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,exec,nosuid,nodev,size=256m' },
      Binds: opts.binds,
    },
    Labels: { 'fnbox.test': 'builder-images' },
  });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true });
    return { code: StatusCode as number, output: logs.toString().trim() };
  } finally {
    await container.remove({ force: true });
  }
}

describe('builder images', () => {
  it('are content-tagged, labelled, unprivileged, and come from the runtime image', async () => {
    for (const runtime of ['PYTHON', 'NODE'] as const) {
      expect(builders[runtime]).toBe(builderImageTag(runtime));
      expect(builders[runtime]).toMatch(new RegExp(`^fnbox/builder-${runtime.toLowerCase()}:[0-9a-f]{12}$`));
      const info = await docker.getImage(builders[runtime]).inspect();
      expect(info.Config.Labels?.[BUILDER_LABEL]).toBe(runtime.toLowerCase());
      expect(info.Config.User).toBe('10001:10001');
      // Same layers underneath: the runtime image's top layer is one of the builder's.
      const runtimeInfo = await docker.getImage(runtimes[runtime]).inspect();
      expect(runtimeInfo.Id).toBe(await runtimeImageId(docker, runtime));
      expect(info.RootFS.Layers).toEqual(expect.arrayContaining(runtimeInfo.RootFS.Layers ?? []));
    }
  });

  it('Python: pip --no-index compiles an sdist with a C extension; the runtime imports the .so', async () => {
    const project = path.join(work, 'fnboxdemo-0.1');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'setup.py'),
      'from setuptools import setup, Extension\n' +
        'setup(name="fnboxdemo", version="0.1", ext_modules=[Extension("fnboxdemo", ["fnboxdemo.c"])])\n',
    );
    fs.writeFileSync(path.join(project, 'PKG-INFO'), 'Metadata-Version: 2.1\nName: fnboxdemo\nVersion: 0.1\n');
    fs.writeFileSync(
      path.join(project, 'fnboxdemo.c'),
      [
        '#define PY_SSIZE_T_CLEAN',
        '#include <Python.h>',
        'static PyObject *add(PyObject *self, PyObject *args) {',
        '  long a, b;',
        '  if (!PyArg_ParseTuple(args, "ll", &a, &b)) return NULL;',
        '  return PyLong_FromLong(a + b);',
        '}',
        'static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "a + b, in C"}, {NULL, NULL, 0, NULL}};',
        'static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fnboxdemo", NULL, -1, methods};',
        'PyMODINIT_FUNC PyInit_fnboxdemo(void) { return PyModule_Create(&module); }',
        '',
      ].join('\n'),
    );
    const sdist = path.join(work, 'fnboxdemo-0.1.tar.gz');
    expect(spawnSync('tar', ['-czf', sdist, '-C', work, 'fnboxdemo-0.1']).status).toBe(0);
    const out = outputDir('python-out');

    const build = await runIn(
      builders.PYTHON,
      ['python3', '-m', 'pip', 'install', '--no-index', '--no-build-isolation', '--target', BUILDER_OUTPUT_DIR, '/src/fnboxdemo-0.1.tar.gz'],
      { binds: [`${sdist}:/src/fnboxdemo-0.1.tar.gz:ro`, `${out}:${BUILDER_OUTPUT_DIR}`] },
    );
    expect(build.output).toContain('Successfully installed fnboxdemo');
    expect(build.code).toBe(0);
    expect(fs.readdirSync(out).some((name) => /^fnboxdemo\..*\.so$/.test(name))).toBe(true);

    const use = await runIn(
      runtimes.PYTHON,
      ['python3', '-c', 'import fnboxdemo; print("sum", fnboxdemo.add(20, 22), fnboxdemo.__file__)'],
      { binds: [`${out}:${DEPS_DIR}:ro`], env: [`PYTHONPATH=${DEPS_DIR}`] },
    );
    expect(use.output).toMatch(new RegExp(`^sum 42 ${DEPS_DIR}/fnboxdemo\\..*\\.so$`));
    expect(use.code).toBe(0);
  }, 5 * 60_000);

  it('Node: npm works offline; node_modules it installs from a packed tarball are required by the runtime', async () => {
    const lib = path.join(work, 'tinylib');
    fs.mkdirSync(lib);
    fs.writeFileSync(path.join(lib, 'package.json'), JSON.stringify({ name: 'fnbox-tinylib', version: '1.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(lib, 'index.js'), 'exports.greet = (name) => `hello ${name} from node ${process.versions.node.split(".")[0]}`;\n');
    const out = outputDir('node-out');

    const script = [
      'set -e',
      'npm --version',
      'cp -r /src/tinylib /tmp/tinylib',
      'cd /tmp && npm pack --silent ./tinylib',
      `cd ${BUILDER_OUTPUT_DIR} && echo '{"private": true}' > package.json`,
      'npm install --offline --no-save --no-package-lock /tmp/fnbox-tinylib-1.0.0.tgz',
    ].join('\n');
    const build = await runIn(builders.NODE, ['/bin/sh', '-c', script], { binds: [`${lib}:/src/tinylib:ro`, `${out}:${BUILDER_OUTPUT_DIR}`] });
    expect(build.output).toMatch(/^10\.\d+\.\d+/);
    expect(build.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'node_modules', 'fnbox-tinylib', 'index.js'))).toBe(true);

    const use = await runIn(runtimes.NODE, ['node', '-e', 'console.log(require("fnbox-tinylib").greet("fnbox"))'], {
      binds: [`${out}:${DEPS_DIR}:ro`],
      env: [`NODE_PATH=${DEPS_DIR}/node_modules`],
    });
    expect(use.output).toMatch(/^hello fnbox from node (2\d|[3-9]\d)$/);
    expect(use.code).toBe(0);
  }, 5 * 60_000);

  it('are found, not rebuilt, once present', async () => {
    const before = await docker.getImage(builders.NODE).inspect();
    expect(await ensureBuilderImage(docker, 'NODE', { pullOfficialBase: false })).toBe(builders.NODE);
    expect((await docker.getImage(builders.NODE).inspect()).Id).toBe(before.Id);
  });
});
