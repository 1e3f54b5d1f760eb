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
  /** Calls to other nodes over one multiplexed link per node (link.client.ts); false: one HTTP request per call, as before (unset: on). */
  link?: boolean;
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
   * A call of a fast function queues for one of its busy containers when the expected wait is
   * within this: instead of a cold start always, instead of an idle warm one under contention;
   * it takes another once none came free for this long (see executor/container.demand.ts);
   * 0: never queue.
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

export type LogFormat = 'json' | 'pretty';
