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
  /**
   * Other versions of the function that aliases send calls to (a canary, or `live` beside
   * the version called by number): starting a container for this version keeps their idle
   * ones, which it would otherwise retire as stale. Absent: no other version takes calls.
   */
  keepVersions?: readonly number[];
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
   * order); the result's logs begin with all of it. Output that comes with the result is not
   * streamed: a call shorter than the agents' stream interval never calls this.
   */
  onOutput?: (text: string) => void;
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

export interface Executor {
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
}
