import type { ChildProcess } from 'node:child_process';

export interface Engine {
  index: number;
  /** The machine-wide slot it took (bridge fnbxc<slot>, /run/fnbx-c<slot>). */
  slot: number;
  /** DOCKER_HOST of the engine. */
  host: string;
  stop(): Promise<void>;
  /** Stops its dockerd only (an outage): the slot, bridge and DOCKER_HOST stay for startDaemon(). */
  stopDaemon(): Promise<void>;
  /** Starts its dockerd again in the same slot, resolving once it answers. */
  startDaemon(): Promise<void>;
}

export interface ClusterNode {
  index: number;
  url: string;
  port: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export declare function canRunEngines(): boolean;
export declare function runtimeImageTags(): string[];
export declare function startEngine(index: number, images?: string[]): Promise<Engine>;
export declare function startNode(options: {
  index: number;
  port: number;
  dockerHost: string;
  databaseUrl: string;
  redisUrl: string;
  secret: string;
  dataDir: string;
  env?: Record<string, string>;
  logFile?: string;
}): Promise<ClusterNode>;
export declare function waitHealthy(url: string, timeoutMs?: number): Promise<void>;
export declare function startBalancer(dir: string, ports: number[], listenPort: number): Promise<{ url: string; port: number; stop(): Promise<void> }>;
