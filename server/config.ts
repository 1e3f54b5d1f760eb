import os from 'node:os';
import path from 'node:path';
// Reads the settings (environment, with embedded defaults) into a Config; their shape is config.types.ts.
export type * from './config.types.js';
import type { Config, EgressConfig, LogFormat } from './config.types.js';

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
      link: bool(env.FNBOX_CLUSTER_LINK, true),
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
