import os from 'node:os';
import path from 'node:path';
import type { LoginLimits } from './auth/login.throttle.js';
import type { AsyncQueueConfig } from './triggers/async.service.js';
import type { BundleLimits } from './bundles/bundle.types.js';
import type { FunctionCallConfig } from './calls/function-call.service.js';

/** Every setting the platform reads, with its embedded default. Documented in README.md. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL URL (postgres://user:password@host/db); unset: SQLite in dataDir. */
  databaseUrl?: string;
  /** Redis URL (redis://host:6379): events and rate limits between nodes; unset: in-process. */
  redisUrl?: string;
  /** Prefix of every Redis key and pub/sub channel, so that deployments can share one Redis. */
  redisPrefix: string;
  /**
   * Shared by every node of a cluster: authenticates them to each other, and the keys a
   * single node generates into its data dir are derived from it instead (cluster/cluster.keys.ts).
   */
  clusterSecret?: string;
  jwtSecret?: string;
  /** AES-256 key sealing users' secrets (32 bytes, hex or base64); generated into the data dir when unset. */
  secretKey?: string;
  /** Server key the Lambda API's secret access keys are derived from (server/lambda/); generated into the data dir when unset. */
  sigv4Key?: string;
  jwtExpiresIn: string;
  corsOrigin?: string;
  maxBodyBytes: number;
  logLevel: string;
  /** json: one JSON object per line (for collectors); pretty: coloured lines for people. */
  logFormat: LogFormat;
  introspection: boolean;
  /** Bounds on one GraphQL operation, checked before it executes. */
  queryLimits: { maxDepth: number; maxFields: number };
  /** Registrations accepted per client address per minute (account spam, argon2 CPU). */
  registerPerMinute: number;
  /**
   * Proxies (addresses or CIDRs, comma-separated) whose `X-Forwarded-For` names the client;
   * empty: the client is the socket's address.
   */
  trustProxy: string;
  /** Calls of one PUBLIC route per client per minute (a bucket refilled evenly), 0: unlimited. */
  publicRoutePerMinute: number;
  /** Calls of one PUBLIC route a client may make at once before the per-minute rate applies. */
  publicRouteBurst: number;
  /** Failed sign-ins allowed per account and client address, per account, per client address. */
  loginLimits: LoginLimits;
  /** Anonymous `/fn` answers of 404 or 401 per client address per minute (route probing). */
  probePerMinute: number;
  executor: ExecutorConfig;
  retention: { days: number; rowsPerFunction: number };
  /**
   * Bytes of invocation input (JSON text) held for invocations accepted but not yet running,
   * per function owner and in all; past either, TOO_MANY_REQUESTS (invocations/queue.budget.ts).
   */
  queue: { maxBytes: number; maxBytesPerUser: number };
  /** Functions one user may own (ADMINs are not limited); 0: no limit. The default of the user quota maxFunctions. */
  maxFunctionsPerUser: number;
  /** Containers one user's functions may keep warm in all (provisioned concurrency): the default of the user quota maxProvisioned. */
  maxProvisionedPerUser: number;
  /** Durable async invocations: retries, event age, queue bounds (triggers/async.service.ts). */
  async: AsyncQueueConfig;
  /** How often the schedule runner looks for due schedules. */
  scheduleTickMs: number;
  /** Functions calling functions (`context.invoke`, server/calls/). */
  calls: FunctionCallConfig;
  /** Bounds on a function bundle (see server/bundles/); Lambda's 50 MB zipped / 250 MB unpacked are the model. */
  bundles: BundleLimits & {
    /** Decoded bundles kept in memory for cold starts and file listings. */
    cacheBytes: number;
  };
  /** When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Bounds on what a node keeps in memory per function, so that it stays bounded however many functions exist. */
  memory: MemoryBounds;
  /** Bounds on live GraphQL (graphql-ws), so that one user's subscriptions cannot starve others. */
  live: LiveLimits;
  /** Several nodes on one shared store placing calls (server/cluster/): on when `nodeUrl` is set (with `clusterSecret`). */
  cluster: ClusterConfig;
  /** Dependency builds (server/builds/): how many at once, their limits, the registries they read. */
  builds: BuildConfig;
}

export interface MemoryBounds {
  /** Function rows (and their versions' rows) kept per cache generation: up to twice this in all, the ones called stay. */
  functionCacheEntries: number;
  /** Functions whose recent metrics rollups (~100 KB for one invoked every minute) are kept; least recently read dropped. */
  metricsFunctions: number;
}

export interface ClusterConfig {
  /** Where the other nodes reach this one (http://10.0.0.5:8080); it also names the node (a stable id). */
  nodeUrl?: string;
  /** How often a node writes its heartbeat and reads the others'. */
  heartbeatMs: number;
  /** A node silent this long is DOWN: it leaves the ring and its calls in flight are failed. */
  nodeTimeoutMs: number;
  /** On SIGTERM, how long a node keeps answering (forwarding every call) after it left the ring, before it stops listening. */
  drainGraceMs: number;
}

/** Where builds fetch packages from; unset, the installer's own default. */
export interface RegistrySettings {
  npmRegistry?: string;
  pipIndexUrl?: string;
  pipExtraIndexUrl?: string;
}

export interface BuildConfig {
  /** Builds running at once on this node. */
  concurrency: number;
  /** A build still running after this is stopped and FAILED. */
  timeoutMs: number;
  /** Memory of the build container; its writable space (tmpfs) counts against it too. */
  memoryMb: number;
  /** Largest dependency set a build may produce (Lambda's 250 MB unpacked is the model). */
  outputBytes: number;
  /** Scratch space of the installer (/tmp: caches, sdists being compiled). */
  scratchBytes: number;
  /** Bytes of installer output kept as the build's log (its tail). */
  logBytes: number;
  registries: RegistrySettings;
  /**
   * A PEM bundle builds trust on top of the installers' own roots (a registry mirror or an
   * intercepting proxy with a private CA); unset: the installers' defaults.
   */
  caFile?: string;
}

export interface LiveLimits {
  /** Open WebSocket connections per user; more are closed 4429. */
  maxConnectionsPerUser: number;
  /** Operations open at once on one connection; more are refused TOO_MANY_REQUESTS. */
  maxSubscriptionsPerConnection: number;
  /** Operations open at once over all of a user's connections; more are refused TOO_MANY_REQUESTS. */
  maxSubscriptionsPerUser: number;
}

export interface ExecutorConfig {
  /** Generic prewarmed containers kept per runtime ("stem cells") at rest, the pools' minimum; 0 disables prewarming. */
  stemCellsPerRuntime: number;
  /**
   * Reactive stem pools (stem.cells.ts): a pool grows to the first calls it saw over the last
   * `stemTtlMs`, up to `stemCellsMax`, and shrinks back to its minimum once that demand is
   * older than the TTL; all pools' memory limits together stay within `stemMemoryBudgetMb`.
   */
  stemCellsMax: number;
  stemTtlMs: number;
  stemMemoryBudgetMb: number;
  /** Idle warm containers retire after this long. */
  idleTtlMs: number;
  /** Global cap on live function containers; least recently used are evicted past it. */
  maxContainers: number;
  /** Concurrent invocations per function. */
  perFunctionConcurrency: number;
  /** Invocations waiting per function before TOO_MANY_REQUESTS. */
  perFunctionQueue: number;
  /**
   * Under contention, a call of a fast function queues for one of its busy containers when the
   * expected wait is within this, and takes another once none came free for this long (see
   * executor/container.demand.ts); 0: never queue.
   */
  queueBudgetMs: number;
  /** Bytes of stdout+stderr kept per invocation. */
  maxLogBytes: number;
  /** Largest result accepted from a function. */
  maxResultBytes: number;
  /**
   * Bytes a container may write straight to its stdout/stderr (outside the agent's frames) per
   * invocation, and between two; past it the container is stopped and the invocation fails.
   */
  maxStrayOutputBytes: number;
  /** CPU share of one container, in CPUs. */
  cpus: number;
  /** OCI runtime for function containers (e.g. "runsc" for gVisor); empty for the engine default. */
  ociRuntime: string;
  /**
   * Invocations travel over a unix socket bind-mounted into each container when the engine is
   * local (falling back to the attach stream per container); false: always the attach stream.
   */
  agentSockets: boolean;
  /**
   * Percent of maxContainers one user's functions may hold at once (at least 4 containers), so
   * one user's slow calls cannot take every slot; 100 turns the per-user share off.
   */
  userContainerShare: number;
  /** Size of the tmpfs a bundle is unpacked into (/var/task): the bundle's unpacked limit. */
  taskRootBytes: number;
  /** Outbound network for EGRESS functions (server/network/). */
  egress: EgressConfig;
}

/**
 * How EGRESS functions reach the internet: a dedicated bridge network whose traffic passes
 * packet-filter rules that keep it off the host, the engine, other containers, link-local
 * and private ranges. See server/network/egress.rules.ts for the rules themselves.
 */
export interface EgressConfig {
  /**
   * `iptables`: install and verify the rules at start (root, local engine); `external`: the
   * operator enforces an equivalent guard, fnbox only creates the network; `off`: EGRESS
   * functions do not run.
   */
  guard: 'iptables' | 'external' | 'off';
  /** Docker network EGRESS containers join, and its Linux bridge (at most 15 characters). */
  network: string;
  bridge: string;
  /** IPv4 subnet of the network; empty lets the engine pick one from its pools. */
  subnet: string;
  /** The only resolvers EGRESS containers may query (port 53); empty: the host's, from /etc/resolv.conf. */
  dns: string[];
  /** IPv4 CIDRs in private ranges the operator opens to every EGRESS function. */
  allow: string[];
}

const MB = 1024 * 1024;
const int = (value: string | undefined, fallback: number) => {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : fallback;
};
const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
const bool = (value: string | undefined, fallback: boolean) =>
  value === undefined || value === '' ? fallback : /^(1|true|yes|on)$/i.test(value);

function egressGuard(value: string | undefined): EgressConfig['guard'] {
  const guard = (value || 'iptables').toLowerCase();
  // An unknown value must not open anything: treat it as off.
  return guard === 'iptables' || guard === 'external' ? guard : 'off';
}

/** Cap from host memory: at most a quarter of RAM in 128 MB containers, within [16, 512]. */
function defaultMaxContainers() {
  const byMemory = Math.floor(os.totalmem() / 4 / (128 * 1024 * 1024));
  return Math.max(16, Math.min(512, byMemory));
}

/**
 * Stem cells' memory limits in all: a quarter of RAM (as the container cap), at most 4 GB, room
 * for the default maximum of 32 cells of 128 MB. Limits, not use: an idle cell uses ~10-30 MB.
 */
function defaultStemBudgetMb() {
  return Math.max(256, Math.min(4096, Math.floor(os.totalmem() / 4 / (1024 * 1024))));
}

export type LogFormat = 'json' | 'pretty';

/** FNBOX_LOG_FORMAT: json, pretty, or auto (the default): pretty when stdout is a terminal, JSON otherwise. */
export function logFormatFrom(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal = Boolean(process.stdout.isTTY)): LogFormat {
  const wanted = (env.FNBOX_LOG_FORMAT || 'auto').toLowerCase();
  if (wanted === 'json' || wanted === 'pretty') return wanted;
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const base: Config = {
    port: int(env.PORT, 8080),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.FNBOX_DATA_DIR || './data'),
    databaseUrl: env.FNBOX_DATABASE_URL || undefined,
    redisUrl: env.FNBOX_REDIS_URL || undefined,
    redisPrefix: env.FNBOX_REDIS_PREFIX ?? 'fnbox:',
    clusterSecret: env.FNBOX_CLUSTER_SECRET || undefined,
    jwtSecret: env.FNBOX_JWT_SECRET || undefined,
    secretKey: env.FNBOX_SECRET_KEY || undefined,
    sigv4Key: env.FNBOX_SIGV4_KEY || undefined,
    jwtExpiresIn: env.FNBOX_JWT_EXPIRES_IN || '12h',
    corsOrigin: env.FNBOX_CORS_ORIGIN || undefined,
    maxBodyBytes: int(env.FNBOX_MAX_BODY_BYTES, 1024 * 1024),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormatFrom(env),
    introspection: bool(env.FNBOX_INTROSPECTION, true),
    queryLimits: { maxDepth: int(env.FNBOX_GRAPHQL_MAX_DEPTH, 12), maxFields: int(env.FNBOX_GRAPHQL_MAX_FIELDS, 500) },
    registerPerMinute: int(env.FNBOX_REGISTER_PER_MINUTE, 20),
    trustProxy: env.FNBOX_TRUST_PROXY || '',
    publicRoutePerMinute: int(env.FNBOX_PUBLIC_ROUTE_PER_MINUTE, 600),
    publicRouteBurst: int(env.FNBOX_PUBLIC_ROUTE_BURST, 60),
    loginLimits: {
      perAccountAndClient: int(env.FNBOX_LOGIN_FAILURES_PER_ACCOUNT_CLIENT, 5),
      perAccount: int(env.FNBOX_LOGIN_FAILURES_PER_ACCOUNT, 100),
      perClient: int(env.FNBOX_LOGIN_FAILURES_PER_CLIENT, 50),
    },
    probePerMinute: int(env.FNBOX_PROBE_PER_MINUTE, 60),
    executor: {
      stemCellsPerRuntime: int(env.FNBOX_STEM_CELLS, 2),
      stemCellsMax: int(env.FNBOX_STEM_CELLS_MAX, 32),
      stemTtlMs: int(env.FNBOX_STEM_TTL_MS, 2 * 60 * 1000),
      stemMemoryBudgetMb: int(env.FNBOX_STEM_MEMORY_BUDGET_MB, defaultStemBudgetMb()),
      idleTtlMs: int(env.FNBOX_IDLE_TTL_MS, 10 * 60 * 1000),
      maxContainers: int(env.FNBOX_MAX_CONTAINERS, defaultMaxContainers()),
      perFunctionConcurrency: int(env.FNBOX_FUNCTION_CONCURRENCY, 10),
      perFunctionQueue: int(env.FNBOX_FUNCTION_QUEUE, 100),
      queueBudgetMs: int(env.FNBOX_QUEUE_BUDGET_MS, 20),
      maxLogBytes: int(env.FNBOX_MAX_LOG_BYTES, 256 * 1024),
      maxResultBytes: int(env.FNBOX_MAX_RESULT_BYTES, 6 * 1024 * 1024),
      maxStrayOutputBytes: int(env.FNBOX_MAX_STRAY_OUTPUT_BYTES, 8 * 1024 * 1024),
      cpus: Number(env.FNBOX_CONTAINER_CPUS || 1),
      ociRuntime: env.FNBOX_OCI_RUNTIME || '',
      agentSockets: bool(env.FNBOX_AGENT_SOCKETS, true),
      userContainerShare: int(env.FNBOX_USER_CONTAINER_SHARE, 50),
      taskRootBytes: int(env.FNBOX_BUNDLE_MAX_UNPACKED_BYTES, 250 * MB),
      egress: {
        guard: egressGuard(env.FNBOX_EGRESS_GUARD),
        network: env.FNBOX_EGRESS_NETWORK || 'fnbox-egress',
        bridge: env.FNBOX_EGRESS_BRIDGE || 'fnbx-egress0',
        subnet: env.FNBOX_EGRESS_SUBNET || '',
        dns: list(env.FNBOX_EGRESS_DNS),
        allow: list(env.FNBOX_EGRESS_ALLOW),
      },
    },
    bundles: {
      maxZippedBytes: int(env.FNBOX_BUNDLE_MAX_ZIPPED_BYTES, 50 * MB),
      maxUnpackedBytes: int(env.FNBOX_BUNDLE_MAX_UNPACKED_BYTES, 250 * MB),
      maxFiles: int(env.FNBOX_BUNDLE_MAX_FILES, 10_000),
      maxPathLength: int(env.FNBOX_BUNDLE_MAX_PATH_LENGTH, 512),
      cacheBytes: int(env.FNBOX_BUNDLE_CACHE_BYTES, 256 * MB),
    },
    memory: {
      functionCacheEntries: Math.max(1, int(env.FNBOX_FUNCTION_CACHE_ENTRIES, 2_000)),
      metricsFunctions: Math.max(1, int(env.FNBOX_METRICS_CACHE_FUNCTIONS, 256)),
    },
    retention: {
      days: int(env.FNBOX_RETENTION_DAYS, 30),
      rowsPerFunction: int(env.FNBOX_RETENTION_ROWS, 10000),
    },
    queue: {
      maxBytes: int(env.FNBOX_QUEUE_MAX_BYTES, 512 * 1024 * 1024),
      maxBytesPerUser: int(env.FNBOX_QUEUE_MAX_BYTES_PER_USER, 64 * 1024 * 1024),
    },
    maxFunctionsPerUser: int(env.FNBOX_MAX_FUNCTIONS_PER_USER, 100),
    maxProvisionedPerUser: int(env.FNBOX_MAX_PROVISIONED_PER_USER, 4),
    async: {
      retryBackoffMs: int(env.FNBOX_RETRY_BACKOFF_MS, 60_000),
      maxEventAgeMs: int(env.FNBOX_ASYNC_MAX_EVENT_AGE_MS, 6 * 60 * 60 * 1000),
      perFunction: int(env.FNBOX_ASYNC_QUEUE_PER_FUNCTION, 10_000),
      perUser: int(env.FNBOX_ASYNC_QUEUE_PER_USER, 50_000),
      pollMs: int(env.FNBOX_ASYNC_POLL_MS, 500),
      maxInFlight: int(env.FNBOX_ASYNC_MAX_IN_FLIGHT, 64),
      leaseGraceMs: int(env.FNBOX_ASYNC_LEASE_GRACE_MS, 30_000),
    },
    scheduleTickMs: int(env.FNBOX_SCHEDULE_TICK_MS, 1_000),
    calls: { maxDepth: int(env.FNBOX_INVOKE_MAX_DEPTH, 8) },
    metricsToken: env.FNBOX_METRICS_TOKEN || undefined,
    live: {
      maxConnectionsPerUser: int(env.FNBOX_WS_MAX_CONNECTIONS_PER_USER, 20),
      maxSubscriptionsPerConnection: int(env.FNBOX_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION, 100),
      maxSubscriptionsPerUser: int(env.FNBOX_WS_MAX_SUBSCRIPTIONS_PER_USER, 200),
    },
    cluster: {
      nodeUrl: env.FNBOX_NODE_URL || undefined,
      heartbeatMs: int(env.FNBOX_HEARTBEAT_MS, 1_000),
      nodeTimeoutMs: int(env.FNBOX_NODE_TIMEOUT_MS, 5_000),
      drainGraceMs: int(env.FNBOX_DRAIN_GRACE_MS, 3_000),
    },
    builds: {
      concurrency: Math.max(1, int(env.FNBOX_BUILD_CONCURRENCY, 1)),
      timeoutMs: int(env.FNBOX_BUILD_TIMEOUT_MS, 10 * 60_000),
      memoryMb: int(env.FNBOX_BUILD_MEMORY_MB, 1024),
      outputBytes: int(env.FNBOX_BUILD_MAX_OUTPUT_BYTES, 250 * MB),
      scratchBytes: int(env.FNBOX_BUILD_SCRATCH_BYTES, 512 * MB),
      logBytes: int(env.FNBOX_BUILD_LOG_BYTES, 256 * 1024),
      caFile: env.FNBOX_BUILD_CA_FILE ? path.resolve(env.FNBOX_BUILD_CA_FILE) : undefined,
      registries: {
        npmRegistry: env.FNBOX_NPM_REGISTRY || undefined,
        pipIndexUrl: env.FNBOX_PIP_INDEX_URL || undefined,
        pipExtraIndexUrl: env.FNBOX_PIP_EXTRA_INDEX_URL || undefined,
      },
    },
  };
  return {
    ...base,
    ...overrides,
    executor: {
      ...base.executor,
      ...(overrides.executor ?? {}),
      egress: { ...base.executor.egress, ...(overrides.executor?.egress ?? {}) },
    },
    retention: { ...base.retention, ...(overrides.retention ?? {}) },
    queue: { ...base.queue, ...(overrides.queue ?? {}) },
    async: { ...base.async, ...(overrides.async ?? {}) },
    calls: { ...base.calls, ...(overrides.calls ?? {}) },
    queryLimits: { ...base.queryLimits, ...(overrides.queryLimits ?? {}) },
    loginLimits: { ...base.loginLimits, ...(overrides.loginLimits ?? {}) },
    live: { ...base.live, ...(overrides.live ?? {}) },
    bundles: { ...base.bundles, ...(overrides.bundles ?? {}) },
    cluster: { ...base.cluster, ...(overrides.cluster ?? {}) },
    builds: { ...base.builds, ...(overrides.builds ?? {}), registries: { ...base.builds.registries, ...(overrides.builds?.registries ?? {}) } },
  };
}
