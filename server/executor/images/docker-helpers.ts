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
