import { spawn } from 'node:child_process';
import type Docker from 'dockerode';

/** One JSON message of a build / pull / import stream. */
export interface DockerStreamEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Human-readable line for an event, or undefined for noise (empty lines, bare progress bars). */
export function describeEvent(event: DockerStreamEvent): string | undefined {
  const text = event.stream ?? (event.status ? [event.id, event.status, event.progress].filter(Boolean).join(' ') : undefined);
  const line = text?.replace(/\s+$/, '');
  return line ? line : undefined;
}

/**
 * Follow a stream to its end. The engine reports build and pull failures as `error`
 * messages inside an HTTP 200 stream, which followProgress does not treat as errors,
 * so they are turned into a thrown Error here.
 */
export function followDockerStream(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onProgress?: (line: string) => void,
  onEvent?: (event: DockerStreamEvent) => void,
): Promise<DockerStreamEvent[]> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: DockerStreamEvent[]) => {
        if (err) reject(err);
        else if (failure) reject(new Error(failure));
        else resolve(output);
      },
      (event: DockerStreamEvent) => {
        if (event.error) failure ??= event.errorDetail?.message || event.error;
        onEvent?.(event);
        const line = describeEvent(event);
        if (line) onProgress?.(line);
      },
    );
  });
}

/** Whether the engine has this image. Only "not found" means no: an unreachable engine throws. */
export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

export interface DirectoryBuildOptions {
  tag: string;
  buildargs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Network for RUN steps; 'host' reaches this machine's apt mirror the way debootstrap does. */
  networkmode?: string;
  nocache?: boolean;
  onProgress?: (line: string) => void;
}

/**
 * Build an image from a directory on disk, streamed through `tar` (contexts holding a Node
 * binary are too large to buffer). Fixed owner and mtimes keep the engine's layer cache valid.
 */
export async function buildImageFromDirectory(docker: Docker, dir: string, opts: DirectoryBuildOptions): Promise<void> {
  const tar = spawn('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', dir, '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tarErrors = '';
  tar.stderr.on('data', (chunk: Buffer) => (tarErrors += chunk.toString()));
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}: ${tarErrors}`))));
  });
  opts.onProgress?.(`building ${opts.tag}`);
  try {
    const stream = await docker.buildImage(tar.stdout, {
      t: opts.tag,
      buildargs: opts.buildargs,
      labels: opts.labels,
      networkmode: opts.networkmode,
      nocache: !!opts.nocache,
      rm: true,
      forcerm: true,
    });
    await Promise.all([followDockerStream(docker, stream, opts.onProgress), tarDone]);
  } catch (err) {
    tar.kill();
    throw new Error(`Building ${opts.tag} failed: ${(err as Error).message}`);
  }
  if (!(await imageExists(docker, opts.tag))) throw new Error(`Building ${opts.tag} finished but the engine has no such image`);
}
