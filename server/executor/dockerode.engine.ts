/** ContainerEngine over dockerode: works with the local socket, DOCKER_HOST tcp/ssh and Docker Desktop. */
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import {
  isNotFound,
  withTimeout,
  type ContainerEngine,
  type ContainerSpec,
  type ContainerState,
  type ContainerSummary,
  type EngineEvent,
  type NetworkInfo,
  type NetworkSpec,
} from './container.engine.js';
import * as networks from './dockerode.networks.js';

const CALL_TIMEOUT_MS = 5_000;
/** Killing and removing can be slow on a loaded engine; they run off the hot path. */
const SLOW_CALL_TIMEOUT_MS = 20_000;

export function describeEndpoint(docker: Docker): string {
  const modem = (docker as unknown as { modem?: { socketPath?: unknown; host?: string; port?: number; protocol?: string } }).modem;
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  if (modem?.socketPath && typeof modem.socketPath === 'string') return modem.socketPath;
  if (modem?.host) return `${modem.protocol ?? 'tcp'}://${modem.host}${modem.port ? `:${modem.port}` : ''}`;
  return '/var/run/docker.sock';
}

const labelFilters = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/** A container spec as the engine API takes it: stdio attached, no TTY, no network unless it names one. */
export function createOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  return {
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels,
    User: spec.user,
    Env: spec.env,
    WorkingDir: spec.workingDir,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: true,
    StdinOnce: false,
    Tty: false,
    NetworkDisabled: (spec.hostConfig.NetworkMode ?? 'none') === 'none',
    HostConfig: spec.hostConfig as Docker.HostConfig,
  };
}

export class DockerodeEngine implements ContainerEngine {
  readonly endpoint: string;

  constructor(private readonly docker: Docker) {
    this.endpoint = describeEndpoint(docker);
  }

  async ping(): Promise<void> {
    await withTimeout(this.docker.ping(), 3_000, 'docker ping');
  }

  async runtimes(): Promise<string[]> {
    const info = await withTimeout(this.docker.info(), 3_000, 'docker info');
    return Object.keys((info as { Runtimes?: Record<string, unknown> }).Runtimes ?? {});
  }

  async create(spec: ContainerSpec): Promise<string> {
    const container = await withTimeout(
      this.docker.createContainer(createOptions(spec)),
      CALL_TIMEOUT_MS,
      'docker create',
    );
    return container.id;
  }

  async attach(id: string): Promise<Duplex> {
    const stream = await withTimeout(
      this.docker.getContainer(id).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }),
      CALL_TIMEOUT_MS,
      'docker attach',
    );
    return stream as unknown as Duplex;
  }

  async start(id: string): Promise<void> {
    await withTimeout(this.docker.getContainer(id).start(), CALL_TIMEOUT_MS * 2, 'docker start');
  }

  async inspect(id: string): Promise<ContainerState> {
    const info = await withTimeout(this.docker.getContainer(id).inspect(), CALL_TIMEOUT_MS, 'docker inspect');
    const finishedAt = Date.parse(info.State.FinishedAt);
    return {
      id,
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      finishedAt: Number.isFinite(finishedAt) && finishedAt > 0 ? finishedAt : undefined,
    };
  }

  async updateMemory(id: string, memoryBytes: number): Promise<void> {
    await withTimeout(
      this.docker.getContainer(id).update({ Memory: memoryBytes, MemorySwap: memoryBytes }),
      CALL_TIMEOUT_MS,
      'docker update',
    );
  }

  async kill(id: string): Promise<void> {
    try {
      await withTimeout(this.docker.getContainer(id).kill({ signal: 'SIGKILL' }), SLOW_CALL_TIMEOUT_MS, 'docker kill');
    } catch (err) {
      // 409: not running any more, which is what we wanted.
      if (!isNotFound(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await withTimeout(this.docker.getContainer(id).remove({ force: true, v: true }), SLOW_CALL_TIMEOUT_MS, 'docker rm');
    } catch (err) {
      // 409 "removal already in progress" also ends with the container gone.
      if (!isNotFound(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }

  async listByLabels(labels: Record<string, string>): Promise<ContainerSummary[]> {
    const list = await withTimeout(
      this.docker.listContainers({ all: true, filters: { label: labelFilters(labels) } }),
      CALL_TIMEOUT_MS,
      'docker ps',
    );
    return list.map((c) => ({ id: c.Id, labels: c.Labels ?? {}, state: c.State, createdAt: c.Created * 1000 }));
  }

  inspectNetwork(name: string): Promise<NetworkInfo | undefined> {
    return networks.inspectNetwork(this.docker, name);
  }

  createNetwork(spec: NetworkSpec): Promise<NetworkInfo> {
    return networks.createNetwork(this.docker, spec);
  }

  removeNetwork(name: string): Promise<void> {
    return networks.removeNetwork(this.docker, name);
  }

  containerAddress(id: string, network: string): Promise<string | undefined> {
    return networks.containerAddress(this.docker, id, network);
  }

  networkSubnets(): Promise<string[]> {
    return networks.networkSubnets(this.docker);
  }

  async events(labels: Record<string, string>, onEvent: (event: EngineEvent) => void, onEnd?: () => void): Promise<() => void> {
    const stream = (await withTimeout(
      this.docker.getEvents({ filters: { type: ['container'], label: labelFilters(labels) } }),
      CALL_TIMEOUT_MS,
      'docker events',
    )) as NodeJS.ReadableStream & { destroy?: () => void };
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const event = JSON.parse(line) as { id?: string; Action?: string; Actor?: { Attributes?: Record<string, string> } };
          if (event.id && event.Action) onEvent({ id: event.id, action: event.Action, labels: event.Actor?.Attributes ?? {} });
        } catch {
          /* a partial or foreign line: ignore */
        }
      }
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      onEnd?.();
    };
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
    return () => {
      ended = true; // stopped on purpose: not an end to report
      stream.destroy?.();
    };
  }
}

