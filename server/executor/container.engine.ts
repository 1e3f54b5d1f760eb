/**
 * The container engine as the executor sees it: the handful of operations pools need,
 * modelled on testcontainers-node's container client. Pools depend on this interface
 * only, so the engine (dockerode today) can be swapped or wrapped without touching them.
 */
import type { Duplex } from 'node:stream';

export interface ContainerSpec {
  /**
   * Chosen before the create call: when its answer is lost (engine cut off, call timed out)
   * the engine may have made the container all the same, and only a name can still find it.
   */
  name?: string;
  image: string;
  labels: Record<string, string>;
  /** Docker HostConfig, built by container.hardening.ts. */
  hostConfig: Record<string, unknown>;
  user?: string;
  env?: string[];
  workingDir?: string;
}

export interface ContainerState {
  id: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** When the container stopped (engine clock), ms since the epoch; undefined while running. */
  finishedAt?: number;
}

export interface ContainerSummary {
  id: string;
  labels: Record<string, string>;
  state: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
}

/** A bridge network as fnbox asks for it: its own Linux bridge, no traffic between its containers, IPv4 only. */
export interface NetworkSpec {
  name: string;
  bridge: string;
  /** Empty: the engine picks one from its pools. */
  subnet: string;
  labels: Record<string, string>;
}

export interface NetworkInfo {
  name: string;
  bridge?: string;
  subnet?: string;
  gateway?: string;
  icc: boolean;
  ipv6: boolean;
  internal: boolean;
  /** IPv4 addresses of the containers attached to it now. */
  addresses: string[];
}

export interface EngineEvent {
  id: string;
  action: string;
  labels: Record<string, string>;
}

export interface ContainerEngine {
  /** Where the engine is, for messages: the socket path or DOCKER_HOST. */
  readonly endpoint: string;
  ping(): Promise<void>;
  /** Names of the OCI runtimes the engine can run containers with (docker info). */
  runtimes(): Promise<string[]>;
  create(spec: ContainerSpec): Promise<string>;
  /**
   * Attach stdin + stdout + stderr before start, so no output is missed. The duplex carries
   * the engine's multiplexed frames (8-byte headers) on read and raw stdin on write.
   */
  attach(id: string): Promise<Duplex>;
  start(id: string): Promise<void>;
  inspect(id: string): Promise<ContainerState>;
  updateMemory(id: string, memoryBytes: number): Promise<void>;
  kill(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  listByLabels(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /** The network by name, or undefined. */
  inspectNetwork(name: string): Promise<NetworkInfo | undefined>;
  /** Creates the network; resolves to what the engine made (also when another server won the race). */
  createNetwork(spec: NetworkSpec): Promise<NetworkInfo>;
  removeNetwork(name: string): Promise<void>;
  /** A container's IPv4 address on a network, or undefined. */
  containerAddress(id: string, network: string): Promise<string | undefined>;
  /** IPv4 subnets of every network the engine has (where its containers live). */
  networkSubnets(): Promise<string[]>;
  /**
   * Container events with the given labels; returns a function that stops listening.
   * `onEnd` is called once if the stream ends by itself (the engine went away).
   */
  events(labels: Record<string, string>, onEvent: (event: EngineEvent) => void, onEnd?: () => void): Promise<() => void>;
}

/** Docker API calls are bounded: a hung engine must turn into an error, not a hung request. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** True for errors meaning "the engine is not there" rather than "the request failed". */
export function isEngineUnreachable(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  return ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EACCES'].includes(code);
}

/** 404 from the engine: the container is already gone, which is what remove/kill wanted anyway. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | undefined)?.statusCode === 404;
}
