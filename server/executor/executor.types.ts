import type { Readable } from 'node:stream';
import type { RegistrySettings } from '../config.js';

/**
 * The contract between the platform and the code that runs functions.
 * Only server/executor/ talks to Docker; everything else sees this interface.
 */
export type Runtime = 'PYTHON' | 'NODE';
export const RUNTIMES: readonly Runtime[] = ['PYTHON', 'NODE'];
/** NONE: no network at all. EGRESS: the internet, never the host or private ranges (server/network/). */
export type NetworkAccess = 'NONE' | 'EGRESS';

/**
 * The key warm containers are kept under: a container only ever serves one function version,
 * with one revision of its secrets (a changed secret means new containers, no redeploy).
 */
export const versionKey = (fn: { id: string; version: number; secrets?: { revision: number } }): string =>
  fn.secrets ? `${fn.id}@${fn.version}#${fn.secrets.revision}` : `${fn.id}@${fn.version}`;

/** The version a container's key (above) serves. */
export const versionOfKey = (key: string | undefined): number | undefined => {
  if (!key) return undefined;
  const at = key.lastIndexOf('@');
  return at < 0 ? undefined : Number.parseInt(key.slice(at + 1), 10);
};

/** Everything needed to run one version of a function. */
export interface FunctionSpec {
  id: string;
  /** The user the function belongs to: their functions share a bounded part of the containers. */
  ownerId: string;
  name: string;
  version: number;
  runtime: Runtime;
  code: string;
  timeoutMs: number;
  memoryMb: number;
  env: Record<string, string>;
  /** Absent means NONE. */
  network?: NetworkAccess;
  /** EGRESS only: when not empty, the only destinations ("cidr" or "cidr:port") it may reach, within the guard's. */
  egressAllow?: string[];
  /** The values of the secrets the function lists, set in its environment next to `env`. */
  secrets?: { env: Record<string, string>; revision: number };
  /** A bundle's files and handler; absent for one-file `code`. */
  bundle?: FunctionBundle;
  /** The version's built dependency set, mounted read-only (dependency.mount.ts); absent: none. */
  dependencies?: { digest: string; hostPath: string };
  /**
   * Other versions of the function that aliases send calls to (a canary, or `live` beside
   * the version called by number): starting a container for this version keeps their idle
   * ones, which it would otherwise retire as stale. Absent: no other version takes calls.
   */
  keepVersions?: readonly number[];
  /** Reserved concurrency set by the owner; absent: the platform's per-function default. */
  concurrency?: number;
}

/** A bundle as the executor sees it: shipped into the container on a cold start, never on a warm call. */
export interface FunctionBundle {
  digest: string;
  /** "<file>.<export>". */
  handler: string;
  load(): Promise<LoadedBundle>;
}

export interface LoadedBundle {
  files: { path: string; data: Buffer; executable: boolean }[];
  /** The handler's file among `files`, and the name it exports the handler under. */
  handlerFile: string;
  exportName: string;
}

export interface ExecutionRequest {
  fn: FunctionSpec;
  invocationId: string;
  /**
   * The handler's `event`, as JSON text. The caller has already encoded (and bounded) it to
   * record the invocation; the executor splices it into the invoke message as is.
   */
  eventJson: string;
  /** Called once a container has been claimed and the invocation really starts. */
  onStart?: (info: { coldStart: boolean; startedAt: Date }) => void;
  /**
   * Hears output as the agent streams it during the call (each piece as kept in the logs, in
   * order), with the request it belongs to: one function for every call, so a call allocates
   * nothing for it. The result's logs begin with all of it. Output that comes with the result
   * is not streamed: a call shorter than the agents' stream interval never calls this.
   */
  onOutput?: (request: ExecutionRequest, text: string) => void;
  /** Masks the function's secrets in what onOutput passes on (live logs). */
  outputMasker?: OutputMasker;
  /** Answers the function's own calls to other functions (`context.invoke`); absent: refused. */
  onCall?: (call: FunctionCall) => Promise<FunctionCallReply>;
}

/** What live logs need of a secrets masker (server/secrets/secret.masker.ts). */
export interface OutputMasker {
  mask(text: string): string;
  /** Characters at the end of `text` that could start a secret: held back until more comes. */
  unsafeTail(text: string): number;
}

/** A function's `context.invoke`, as its agent asked for it (validated: see container.invocation.ts). */
export interface FunctionCall {
  /** The callee: a function id or name (among the caller's owner's functions), optionally `name:qualifier`. */
  target: string;
  event: unknown;
  async: boolean;
}

/** The answer to a FunctionCall: the callee's invocation id and, when it waited, its outcome. */
export interface FunctionCallReply {
  ok: boolean;
  invocationId?: string;
  /** The callee's status (sync calls), e.g. SUCCESS, ERROR, TIMEOUT. */
  status?: string;
  /** The callee's result as JSON text (SUCCESS). */
  resultJson?: string;
  /** Why the call failed: the callee's error, or why it was refused. */
  error?: string;
  /** A refusal's code (NOT_FOUND, FORBIDDEN, CALL_DEPTH_EXCEEDED, ...); absent when the callee ran and failed. */
  code?: string;
}

export type ExecutionStatus = 'SUCCESS' | 'ERROR' | 'TIMEOUT' | 'OOM';

export interface ExecutionResult {
  status: ExecutionStatus;
  /** The handler's result as JSON text, as the agent encoded it (SUCCESS only). */
  resultJson?: string;
  /** The same, parsed (on first read: the platform itself only passes the text along). */
  readonly result?: unknown;
  /** Readable message for ERROR / TIMEOUT / OOM (with the user's line number for code errors). */
  error?: string;
  /** Everything the function printed on stdout/stderr, capped. */
  logs: string;
  logsTruncated: boolean;
  coldStart: boolean;
  /** Time spent loading the user's code on a cold start. */
  initMs?: number;
  durationMs: number;
  cpuMs?: number;
  memoryPeakMb?: number;
  startedAt: Date;
  finishedAt: Date;
}

export interface PoolStats {
  runtimes: Record<Runtime, { warm: number; busy: number; stemCells: number }>;
  /** Reactive stem pools: per runtime, network and memory size, the cells ready and the size wanted now. */
  stemPools?: { runtime: Runtime; network: NetworkAccess; memoryMb: number; ready: number; target: number }[];
  queued: number;
  containers: number;
}

export interface Health {
  ok: boolean;
  reason?: string;
  engine?: string;
  /** How calls reach the agents: direct unix sockets (local engine) or the attach stream. */
  agentTransport?: 'socket' | 'attach';
  /** Features that do not work while functions otherwise run, each "feature: reason". */
  degraded?: string[];
}

/** One dependency build, as the build service asks the executor for it (build.runner.ts). */
export interface DependencyBuildRequest {
  buildId: string;
  runtime: Runtime;
  /** The manifest files by name: requirements.txt, or package.json (+ package-lock.json). */
  files: Record<string, string>;
  registries: RegistrySettings;
  /** A PEM bundle on this host the installers trust as well (FNBOX_BUILD_CA_FILE). */
  caFile?: string;
  limits: { timeoutMs: number; memoryMb: number; outputBytes: number; scratchBytes: number };
  /** An empty directory on this host that receives the set (node_modules/ or python/). */
  outputDir: string;
  /** What the installer prints, as it prints it. */
  onOutput(chunk: Buffer | string): void;
}

export type DependencyBuildResult = { ok: true; bytes: number; files: number } | { ok: false; error: string };

export interface DependencyBuilder {
  /** The id of the runtime image sets are built for: part of a set's content address. */
  runtimeImageId(runtime: Runtime): Promise<string>;
  build(request: DependencyBuildRequest): Promise<DependencyBuildResult>;
}

/** Tries the other nodes for `tag`, handing each copy to `load` (which verifies it); true once one loaded. */
export type ImagePeers = (tag: string, load: (id: string, stream: Readable) => Promise<void>) => Promise<boolean>;

export interface Executor {
  /** Runs dependency builds; absent on executors that cannot (test doubles). */
  readonly builder?: DependencyBuilder;
  /**
   * Starts and loads a container for `fn` ahead of its first call (a version whose build just
   * went live), so that call finds it warm. Best effort: failures are only logged.
   */
  prewarm?(fn: FunctionSpec): Promise<void>;
  /** In a cluster: how a cold start gets a dependency set this node lacks (copied from another node). */
  fetchDependenciesWith?(ensure: (digest: string) => Promise<void>): void;
  /** In a cluster: where runtime and builder images this engine lacks come from, before building them. */
  fetchImagesWith?(peers: ImagePeers): void;
  /** One of fnbox's images in this engine, for another node (docker save); undefined when it lacks it. */
  saveImage?(tag: string): Promise<{ id: string; stream: Readable } | undefined>;
  /** Loads `tag` from a node that has it (verified); false when none does. */
  loadImageFromPeers?(tag: string): Promise<boolean>;
  /** Connect, reap containers left by earlier instances, ensure images, prewarm stem cells. */
  start(): Promise<void>;
  /**
   * Run one invocation. Function failures come back as a result with a status;
   * platform failures throw AppError: UNAVAILABLE (engine down), TOO_MANY_REQUESTS (queue full).
   */
  execute(request: ExecutionRequest): Promise<ExecutionResult>;
  /**
   * Retire the containers of a function (it changed or was deleted), but those of
   * `keepVersions`, which aliases still send calls to.
   */
  retire(functionId: string, keepVersions?: readonly number[]): Promise<void>;
  health(): Promise<Health>;
  stats(): PoolStats;
  /** Drain in-flight invocations (bounded) and remove every container of this instance. */
  close(): Promise<void>;
  /** How many containers each user's functions may hold at once (their quota); unset: the config's share for all. */
  limitOwners?(containersOf: (ownerId: string) => number): void;
  /**
   * Keep `count` containers of this function version warm (0: stop), re-created when they
   * die, never reaped while idle; they count against the owner's containers.
   */
  provision?(fn: FunctionSpec, count: number): void;
  /** Containers a user's functions hold now, and how many of them are provisioned ones. */
  usage?(ownerId: string): { containers: number; provisioned: number };
  /** Provisioned containers of this function alive now (busy or idle). */
  provisionedReady?(functionId: string): number;
}
