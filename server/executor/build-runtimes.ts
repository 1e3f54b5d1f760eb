/**
 * `npm run runtimes [-- --force] [-- --offline] [-- --builders] [-- --runtimes-dir DIR]`
 * Builds (or confirms) the runtime images the executor needs, printing progress; with
 * --builders also the builder images dependency builds run in (otherwise built on first need).
 * Connects like the docker CLI would: DOCKER_HOST, else the local socket.
 */
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { RUNTIMES } from './executor.types.js';
import { ensureBuilderImages } from './images/builder.images.js';
import { ensureRuntimeImages } from './images/image.builder.js';

const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
    builders: { type: 'boolean', default: false },
    'runtimes-dir': { type: 'string' },
  },
});

function explain(err: unknown): string {
  const error = err as NodeJS.ErrnoException & { address?: string };
  if (['ENOENT', 'ECONNREFUSED', 'EACCES'].includes(error.code ?? '') && error.syscall === 'connect') {
    const where = process.env.DOCKER_HOST || error.address || '/var/run/docker.sock';
    return `Docker is unreachable at ${where} (${error.code}). Start the engine (e.g. dockerd) or set DOCKER_HOST.`;
  }
  return error.message ?? String(err);
}

async function main() {
  const docker = new Docker();
  const started = Date.now();
  const options = {
    force: values.force,
    pullOfficialBase: values.offline ? false : undefined,
    runtimesDir: values['runtimes-dir'],
    onProgress: (line: string) => console.log(line),
  };
  const tags = await ensureRuntimeImages(docker, options);
  for (const runtime of RUNTIMES) console.log(`${runtime.toLowerCase()}: ${tags[runtime]}`);
  console.log(`runtime images ready in ${Date.now() - started} ms`);
  if (!values.builders) return;
  const buildersStarted = Date.now();
  const builders = await ensureBuilderImages(docker, options);
  for (const runtime of RUNTIMES) console.log(`${runtime.toLowerCase()} builder: ${builders[runtime]}`);
  console.log(`builder images ready in ${Date.now() - buildersStarted} ms`);
}

main().catch((err) => {
  console.error(`npm run runtimes failed: ${explain(err)}`);
  process.exit(1);
});
