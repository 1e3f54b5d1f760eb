/**
 * `npm run runtimes [-- --force] [-- --offline] [-- --runtimes-dir DIR]`
 * Builds (or confirms) the runtime images the executor needs, printing progress.
 * Connects like the docker CLI would: DOCKER_HOST, else the local socket.
 */
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { RUNTIMES } from './executor.types.js';
import { ensureRuntimeImages } from './images/image.builder.js';

const { values } = parseArgs({
  options: {
    force: { type: 'boolean', default: false },
    offline: { type: 'boolean', default: false },
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
  const tags = await ensureRuntimeImages(docker, {
    force: values.force,
    pullOfficialBase: values.offline ? false : undefined,
    runtimesDir: values['runtimes-dir'],
    onProgress: (line) => console.log(line),
  });
  for (const runtime of RUNTIMES) console.log(`${runtime.toLowerCase()}: ${tags[runtime]}`);
  console.log(`runtime images ready in ${Date.now() - started} ms`);
}

main().catch((err) => {
  console.error(`npm run runtimes failed: ${explain(err)}`);
  process.exit(1);
});
