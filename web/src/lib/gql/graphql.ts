/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** A file uploaded with a GraphQL multipart request (input only). */
  File: { input: any; output: any; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
};

/** A name for a version of a function. Alias `live`, when it exists, is what every unqualified call runs. */
export type Alias = {
  canary: Maybe<Canary>;
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
};

export type ApiKey = {
  /** The key's AWS access key id for the Lambda API (not a secret; the secret access key is shown only at creation). */
  accessKeyId: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** When the key stops working; null: never. */
  expiresAt: Maybe<Scalars['DateTime']['output']>;
  /** Names of the functions the key is limited to; null: all of the owner's. */
  functions: Maybe<Array<Scalars['String']['output']>>;
  id: Scalars['ID']['output'];
  /** The key may only invoke functions: no reads, no changes. */
  invokeOnly: Scalars['Boolean']['output'];
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The first characters of the key, to tell keys apart. */
  prefix: Scalars['String']['output'];
  revokedAt: Maybe<Scalars['DateTime']['output']>;
};

export type ApiKeyCreated = {
  /** The key's AWS access key id, for the Lambda API at /2015-03-31/functions (Signature V4). */
  accessKeyId: Scalars['String']['output'];
  apiKey: ApiKey;
  /** The secret key. Shown only once: store it now. */
  key: Scalars['String']['output'];
  /** The key's AWS secret access key, derived from a server key (never stored). Shown only once, like `key`. */
  secretAccessKey: Scalars['String']['output'];
};

export type AuthPayload = {
  /** A JWT for `Authorization: Bearer <token>`. */
  token: Scalars['String']['output'];
  user: User;
};

/** The dependency build of a function version: it goes live only once its build SUCCEEDED. */
export type Build = {
  /** Content address of the built dependency set, shared by every version with the same one. */
  dependencySetSha256: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** What the installer printed (its tail, capped); a FAILED build says why at the end. */
  log: Scalars['String']['output'];
  queuedAt: Scalars['DateTime']['output'];
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: BuildStatus;
  /** The function version it builds. */
  version: Scalars['Int']['output'];
};

/** Output of a running build as it comes, and each change of its status. */
export type BuildLogChunk = {
  buildId: Scalars['ID']['output'];
  status: BuildStatus;
  /** Output since the previous chunk; '' for a status change alone. */
  text: Scalars['String']['output'];
};

export type BuildStatus =
  | 'BUILDING'
  | 'FAILED'
  | 'QUEUED'
  | 'SUCCEEDED';

/** A version that receives a share of an alias’s calls. */
export type Canary = {
  version: Scalars['Int']['output'];
  /** Share of the calls (0..1) that run this version. */
  weight: Scalars['Float']['output'];
};

export type CanaryInput = {
  version: Scalars['Int']['input'];
  /** Share of calls (0..1) sent to `version`. */
  weight: Scalars['Float']['input'];
};

export type CreateFunctionInput = {
  /** Default PRIVATE. */
  access?: InputMaybe<RouteAccess>;
  /** A bundle as base64 of a .zip or .tar.gz instead of `code`. */
  archive?: InputMaybe<Scalars['String']['input']>;
  /** The same archive uploaded with a multipart request, up to the bundle limit (JSON requests stop at the body cap). */
  archiveFile?: InputMaybe<Scalars['File']['input']>;
  /** Retries of failed async work, 0-5, default 2. */
  asyncRetries?: InputMaybe<Scalars['Int']['input']>;
  /** One-file code. Exactly one of code, files or archive is required. */
  code?: InputMaybe<Scalars['String']['input']>;
  /** requirements.txt (PYTHON) or package.json (NODE) text, installed by a build before the version goes live; a bundle may carry it as its root file instead (not both). */
  dependencies?: InputMaybe<Scalars['String']['input']>;
  /** Narrows an EGRESS function to these IPv4 destinations ("198.51.100.0/24", "198.51.100.7:443"); at most 32; it cannot open what the platform blocks. */
  egressAllow?: InputMaybe<Array<Scalars['String']['input']>>;
  /** String map passed as environment variables. */
  env?: InputMaybe<Scalars['JSON']['input']>;
  /** A bundle of files instead of `code`. */
  files?: InputMaybe<Array<FunctionFileInput>>;
  /** A bundle's "<file>.<export>": default "main.handler" (PYTHON), "index.handler" (NODE). */
  handler?: InputMaybe<Scalars['String']['input']>;
  /** 64-2048, default 128. */
  memoryMb?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Outbound network, default NONE. */
  network?: InputMaybe<NetworkAccess>;
  /** Destination of async work that failed every attempt: one of the owner's functions. */
  onFailureFunctionId?: InputMaybe<Scalars['ID']['input']>;
  /** Destination of async successes: one of the owner's functions. */
  onSuccessFunctionId?: InputMaybe<Scalars['ID']['input']>;
  /** Route path, e.g. "/stats" or a pattern "/users/{id}", "/files/{proxy+}"; unique across the platform, and its subtree belongs to its owner. */
  route?: InputMaybe<Scalars['String']['input']>;
  runtime: Runtime;
  /** Names of the caller's secrets, each an environment variable of that name at invocation. */
  secrets?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 100-300000, default 30000. */
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};

export type Function = FunctionSettings & {
  /** Who may call the route; a setting of the function, not of a version. */
  access: RouteAccess;
  /** Its aliases, by name. */
  aliases: Array<Alias>;
  /** Retries of failed async work (0-5) before it is dead-lettered. */
  asyncRetries: Scalars['Int']['output'];
  /** The dependency build of this version; null when it has no dependencies. */
  build: Maybe<Build>;
  /** sha256 of the bundle's canonical tar: the same files have the same digest. Null for one-file code. */
  bundleSha256: Maybe<Scalars['String']['output']>;
  /** The function's code; for a bundle, its handler file's text. */
  code: Scalars['String']['output'];
  /** Reserved concurrency: the most calls running at once (more wait, as many as it allows, then TOO_MANY_REQUESTS); null: the platform's per-function default. Set with setFunctionConcurrency. */
  concurrency: Maybe<Scalars['Int']['output']>;
  createdAt: Scalars['DateTime']['output'];
  /** The requirements.txt (PYTHON) or package.json (NODE) text: the `dependencies` field, else the bundle's root manifest. */
  dependencies: Maybe<Scalars['String']['output']>;
  /** EGRESS only: when not empty, the only destinations ("cidr" or "cidr:port") the function may reach, within what the platform allows. */
  egressAllow: Array<Scalars['String']['output']>;
  /** Environment variables; visible to the owner only. */
  env: Maybe<Scalars['JSON']['output']>;
  /** The bundle's files, sorted by path; empty for one-file code. */
  files: Array<FunctionFile>;
  /** "<file>.<export>" of a bundle (e.g. "src/api.handler"); "handler.handler" for one-file code, which keeps its own rules. */
  handler: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** The version calls run: the newest whose build succeeded (or that needs none); null while the first build runs or after it failed. */
  liveVersion: Maybe<Scalars['Int']['output']>;
  memoryMb: Scalars['Int']['output'];
  metrics: FunctionMetrics;
  /** Oldest first, zero-filled: 60 points per minute, or 168 points per hour. */
  metricsSeries: Array<MetricsPoint>;
  name: Scalars['String']['output'];
  network: NetworkAccess;
  /** Invoked async with the outcome of async work that failed every attempt. */
  onFailureFunctionId: Maybe<Scalars['ID']['output']>;
  /** Invoked async with the outcome of async work that succeeded. */
  onSuccessFunctionId: Maybe<Scalars['ID']['output']>;
  ownerId: Scalars['ID']['output'];
  /** Containers kept warm for the version unqualified calls run (alias `live`'s, else the newest whose build succeeded: Lambda's provisioned concurrency), counted against the owner's quotas. */
  provisionedConcurrency: Scalars['Int']['output'];
  /** Of those, warm on this node now. */
  provisionedReady: Scalars['Int']['output'];
  route: Maybe<Scalars['String']['output']>;
  runtime: Runtime;
  /** Schedules that run this function. */
  schedules: Array<Schedule>;
  /** Names of the owner's secrets this function gets as environment variables (never their values). */
  secrets: Array<Scalars['String']['output']>;
  timeoutMs: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
  version: Scalars['Int']['output'];
  /** Every version, newest first. */
  versions: Array<FunctionVersion>;
};


export type FunctionMetricsArgs = {
  window?: InputMaybe<MetricsWindow>;
};


export type FunctionMetricsSeriesArgs = {
  resolution?: InputMaybe<MetricsResolution>;
};

/** Absent fields stay as they are. */
export type FunctionConcurrencyInput = {
  /** Calls running at once, within the quota maxConcurrency; null: the platform default. */
  concurrency?: InputMaybe<Scalars['Int']['input']>;
  /** Containers kept warm, at most `concurrency` and within the quota maxProvisioned; 0: none. */
  provisionedConcurrency?: InputMaybe<Scalars['Int']['input']>;
};

export type FunctionEvent = {
  /** The function after the change (before it, for DELETED). */
  function: Function;
  type: FunctionEventType;
};

export type FunctionEventType =
  | 'CREATED'
  | 'DELETED'
  | 'UPDATED';

/** One file of a bundle. */
export type FunctionFile = {
  /** True when the file is binary and `content` is its base64. */
  base64: Scalars['Boolean']['output'];
  /** The text of the file, or its base64 when `base64` is true. */
  content: Scalars['String']['output'];
  /** Mode 0755 in the container (0644 otherwise). */
  executable: Scalars['Boolean']['output'];
  /** Relative to the bundle root, "/"-separated. */
  path: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
  /** Bytes. */
  size: Scalars['Int']['output'];
};

/** One file of a bundle. */
export type FunctionFileInput = {
  /** content is base64 (binary files). */
  base64?: InputMaybe<Scalars['Boolean']['input']>;
  /** The text of the file, or its base64 when `base64` is true. */
  content: Scalars['String']['input'];
  /** Relative, "/"-separated, e.g. "src/api.py"; no "..". */
  path: Scalars['String']['input'];
};

/** Metrics of finished invocations in a window. Counts are exact; durations and memory are null without invocations. */
export type FunctionMetrics = {
  avgMemoryMb: Maybe<Scalars['Float']['output']>;
  avgMs: Maybe<Scalars['Float']['output']>;
  coldStarts: Scalars['Int']['output'];
  /** (errors + timeouts + ooms) / invocations, 0..1; 0 without invocations. */
  errorRate: Scalars['Float']['output'];
  /** Invocations with status ERROR. */
  errors: Scalars['Int']['output'];
  /** The function, unless it was deleted. */
  function: Maybe<Function>;
  /** Null for totals over several functions. */
  functionId: Maybe<Scalars['ID']['output']>;
  invocations: Scalars['Int']['output'];
  lastInvokedAt: Maybe<Scalars['DateTime']['output']>;
  maxMemoryMb: Maybe<Scalars['Float']['output']>;
  maxMs: Maybe<Scalars['Float']['output']>;
  minMs: Maybe<Scalars['Float']['output']>;
  ooms: Scalars['Int']['output'];
  /** Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value. */
  p50Ms: Maybe<Scalars['Float']['output']>;
  /** Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value. */
  p95Ms: Maybe<Scalars['Float']['output']>;
  /** Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value. */
  p99Ms: Maybe<Scalars['Float']['output']>;
  successRate: Scalars['Float']['output'];
  successes: Scalars['Int']['output'];
  timeouts: Scalars['Int']['output'];
  window: MetricsWindow;
};

export type FunctionSettings = {
  /** sha256 of the bundle's canonical tar: the same files have the same digest. Null for one-file code. */
  bundleSha256: Maybe<Scalars['String']['output']>;
  /** The function's code; for a bundle, its handler file's text. */
  code: Scalars['String']['output'];
  /** EGRESS only: when not empty, the only destinations ("cidr" or "cidr:port") the function may reach, within what the platform allows. */
  egressAllow: Array<Scalars['String']['output']>;
  /** The bundle's files, sorted by path; empty for one-file code. */
  files: Array<FunctionFile>;
  /** "<file>.<export>" of a bundle (e.g. "src/api.handler"); "handler.handler" for one-file code, which keeps its own rules. */
  handler: Scalars['String']['output'];
  memoryMb: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  network: NetworkAccess;
  route: Maybe<Scalars['String']['output']>;
  runtime: Runtime;
  /** Names of the owner's secrets this function gets as environment variables (never their values). */
  secrets: Array<Scalars['String']['output']>;
  timeoutMs: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

export type FunctionVersion = FunctionSettings & {
  /** The dependency build of this version; null when it has no dependencies. */
  build: Maybe<Build>;
  /** sha256 of the bundle's canonical tar: the same files have the same digest. Null for one-file code. */
  bundleSha256: Maybe<Scalars['String']['output']>;
  /** The function's code; for a bundle, its handler file's text. */
  code: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** The requirements.txt (PYTHON) or package.json (NODE) text: the `dependencies` field, else the bundle's root manifest. */
  dependencies: Maybe<Scalars['String']['output']>;
  /** EGRESS only: when not empty, the only destinations ("cidr" or "cidr:port") the function may reach, within what the platform allows. */
  egressAllow: Array<Scalars['String']['output']>;
  /** The version's environment variables; visible to the owner only, as the function's. */
  env: Maybe<Scalars['JSON']['output']>;
  /** The bundle's files, sorted by path; empty for one-file code. */
  files: Array<FunctionFile>;
  functionId: Scalars['ID']['output'];
  /** "<file>.<export>" of a bundle (e.g. "src/api.handler"); "handler.handler" for one-file code, which keeps its own rules. */
  handler: Scalars['String']['output'];
  memoryMb: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  network: NetworkAccess;
  route: Maybe<Scalars['String']['output']>;
  runtime: Runtime;
  /** Names of the owner's secrets this function gets as environment variables (never their values). */
  secrets: Array<Scalars['String']['output']>;
  timeoutMs: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

export type Invocation = {
  /** 1, or the retry count plus one for retries of async work. */
  attempt: Scalars['Int']['output'];
  /** Every attempt of the async work this invocation belongs to, first attempt first (with each error). */
  attempts: Array<Invocation>;
  /** Calls deep: 0 when called from outside, 1 for a function called by such a one, and so on (FNBOX_INVOKE_MAX_DEPTH). */
  callDepth: Scalars['Int']['output'];
  coldStart: Scalars['Boolean']['output'];
  cpuMs: Maybe<Scalars['Float']['output']>;
  /** The last attempt of async work that failed every attempt. */
  deadLettered: Scalars['Boolean']['output'];
  durationMs: Maybe<Scalars['Float']['output']>;
  error: Maybe<Scalars['String']['output']>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** On a retry (trigger RETRY), the first attempt. */
  firstAttemptId: Maybe<Scalars['ID']['output']>;
  functionId: Scalars['ID']['output'];
  functionVersion: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** Time spent loading the code on a cold start. */
  initMs: Maybe<Scalars['Float']['output']>;
  input: Maybe<Scalars['JSON']['output']>;
  /** stdout and stderr of the invocation, capped; while it runs, what has arrived so far (follow it with invocationLogs). */
  logs: Scalars['String']['output'];
  logsTruncated: Scalars['Boolean']['output'];
  memoryPeakMb: Maybe<Scalars['Float']['output']>;
  /** The id of the cluster node that ran it (see `nodes`); null on a single node. */
  node: Maybe<Scalars['String']['output']>;
  /** On a retry, the first attempt's trigger. */
  originalTrigger: Maybe<InvocationTrigger>;
  /** The invocation whose function called this one with context.invoke (trigger FUNCTION). */
  parentInvocationId: Maybe<Scalars['ID']['output']>;
  queuedAt: Scalars['DateTime']['output'];
  result: Maybe<Scalars['JSON']['output']>;
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: InvocationStatus;
  trigger: InvocationTrigger;
};

export type InvocationConnection = {
  edges: Array<InvocationEdge>;
  pageInfo: PageInfo;
};

export type InvocationEdge = {
  cursor: Scalars['String']['output'];
  node: Invocation;
};

export type InvocationEvent = {
  invocation: Invocation;
  type: InvocationEventType;
};

export type InvocationEventType =
  | 'FINISHED'
  | 'STARTED';

/** Narrows invocations; every field is optional and they all apply together. */
export type InvocationFilter = {
  /** Queued at or after this time. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these statuses. */
  status?: InputMaybe<Array<InvocationStatus>>;
  /** Case-insensitive substring of the logs or the error. A page reads a bounded number of candidates, so it may hold fewer than `first` matches while hasNextPage is true: keep paging. */
  text?: InputMaybe<Scalars['String']['input']>;
  /** Queued before this time. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these triggers. */
  trigger?: InputMaybe<Array<InvocationTrigger>>;
  /** Only calls of this function version. */
  version?: InputMaybe<Scalars['Int']['input']>;
};

export type InvocationStatus =
  | 'ERROR'
  | 'OOM'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCESS'
  | 'TIMEOUT';

/** How an invocation was started. */
export type InvocationTrigger =
  | 'API'
  | 'DESTINATION'
  | 'FUNCTION'
  | 'GRAPHQL'
  | 'GRAPHQL_ASYNC'
  | 'HTTP'
  | 'RETRY'
  | 'SCHEDULE';

/** A piece of what an invocation printed (stdout and stderr, secrets masked), as it printed it. */
export type LogChunk = {
  /** When the server received it. */
  at: Scalars['DateTime']['output'];
  /** The invocation's last chunk: it finished, and `text` is the rest of its logs (possibly empty). */
  final: Scalars['Boolean']['output'];
  functionId: Scalars['ID']['output'];
  invocationId: Scalars['ID']['output'];
  /** Where `text` starts in the invocation's logs (Invocation.logs begins with every chunk). */
  offset: Scalars['Int']['output'];
  /** The chunk's number in its invocation (1, 2, ...); a replay of what was printed before the subscription joins chunks 1..seq. */
  seq: Scalars['Int']['output'];
  text: Scalars['String']['output'];
};

/** What this node holds in memory, and the per-function caches' sizes (each bounded: see the README's configuration). */
export type Memory = {
  /** Function rows cached for calls: at most twice FNBOX_FUNCTION_CACHE_ENTRIES. */
  cachedFunctions: Scalars['Int']['output'];
  /** The server process's JavaScript heap in use. */
  heapUsedBytes: Scalars['Float']['output'];
  /** Functions whose recent metrics rollups are cached: at most FNBOX_METRICS_CACHE_FUNCTIONS. */
  metricsRecentFunctions: Scalars['Int']['output'];
  /** Functions with an all-time metrics total in memory (one small rollup each, every function invoked). */
  metricsTotalFunctions: Scalars['Int']['output'];
  /** Its resident set size. */
  rssBytes: Scalars['Float']['output'];
};

export type MetricsOverview = {
  /** Per function, most invoked first; includes deleted functions that ran in the window. */
  functions: Array<FunctionMetrics>;
  scope: MetricsScope;
  totals: FunctionMetrics;
  window: MetricsWindow;
};


export type MetricsOverviewFunctionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type MetricsPoint = {
  avgMemoryMb: Maybe<Scalars['Float']['output']>;
  avgMs: Maybe<Scalars['Float']['output']>;
  coldStarts: Scalars['Int']['output'];
  /** (errors + timeouts + ooms) / invocations, 0..1; 0 without invocations. */
  errorRate: Scalars['Float']['output'];
  /** Invocations with status ERROR. */
  errors: Scalars['Int']['output'];
  invocations: Scalars['Int']['output'];
  maxMemoryMb: Maybe<Scalars['Float']['output']>;
  ooms: Scalars['Int']['output'];
  /** Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value. */
  p50Ms: Maybe<Scalars['Float']['output']>;
  /** Estimated from a log-scale histogram: within one bucket (at most ~21%) of the exact nearest-rank value. */
  p95Ms: Maybe<Scalars['Float']['output']>;
  successes: Scalars['Int']['output'];
  /** Start of the bucket. */
  time: Scalars['DateTime']['output'];
  timeouts: Scalars['Int']['output'];
};

/** MINUTE: the last hour, one point per minute. HOUR: the last week, one point per hour. */
export type MetricsResolution =
  | 'HOUR'
  | 'MINUTE';

export type MetricsScope =
  | 'OWN'
  | 'PLATFORM';

/** Time window of metrics; windows are rounded out to whole minutes. */
export type MetricsWindow =
  | 'ALL_TIME'
  | 'LAST_5_MINUTES'
  | 'LAST_DAY'
  | 'LAST_HOUR';

export type Mutation = {
  /** A new API key of the caller. Needs full access: a scoped key cannot mint keys (nor widen its own scope). */
  createApiKey: ApiKeyCreated;
  createFunction: Function;
  createSchedule: Schedule;
  /** Deleting `live` sends unqualified calls to the newest version again. False when there was no such alias. */
  deleteAlias: Scalars['Boolean']['output'];
  deleteFunction: Scalars['Boolean']['output'];
  deleteSchedule: Scalars['Boolean']['output'];
  /** Functions that still list it fail with an ERROR naming it until it is set again or removed from them. */
  deleteSecret: Scalars['Boolean']['output'];
  /** Runs the function and waits for the outcome. A failing function is an Invocation with status ERROR, TIMEOUT or OOM. `id`: the function's id, or its name among the caller's functions. `qualifier`: an alias name, a version number or $LATEST; without it, alias `live` when it exists, otherwise the newest version. */
  invokeFunction: Invocation;
  /** Accepts the invocation durably and returns it QUEUED at once; failures are retried (asyncRetries) and then dead-lettered. Follow it with invocationEvents or invocation(id). `id`: the function's id, or its name among the caller's functions. `qualifier`: an alias name, a version number or $LATEST; without it, alias `live` when it exists, otherwise the newest version. */
  invokeFunctionAsync: Invocation;
  /** `email` may also be the account's username, when it has one (accounts registered through /api/v1). */
  login: AuthPayload;
  /** Runs a dead-lettered invocation again as new async work (a first attempt, with its retries); it leaves the dead letters. */
  redriveInvocation: Invocation;
  register: AuthPayload;
  revokeApiKey: Scalars['Boolean']['output'];
  /** A new version equal to `version` (code or bundle, runtime, limits, env, secret names, network); alias `live`, when it exists, moves to it and its canary ends. Name, route, access and async settings stay. */
  rollbackFunction: Function;
  /** Points the alias (`name`: 1-128 letters, digits, - or _, not only digits) at `version`, creating it, with a canary or without one: a move without `canary` ends any canary. Alias `live` is what unqualified calls run. */
  setAlias: Alias;
  /** Sets a function's reserved and provisioned concurrency (its owner or an ADMIN), within the owner's quotas. */
  setFunctionConcurrency: Function;
  /** Creates or replaces a secret; functions that list it get the new value from their next invocation. */
  setSecret: Secret;
  /** A disabled user's tokens and API keys stop working at once. */
  setUserDisabled: User;
  /** Sets a user's quotas (ADMIN only); takes effect at once, on every node. */
  setUserQuota: User;
  setUserRole: User;
  updateFunction: Function;
  updateSchedule: Schedule;
};


export type MutationCreateApiKeyArgs = {
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  functions?: InputMaybe<Array<Scalars['String']['input']>>;
  invokeOnly?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
};


export type MutationCreateFunctionArgs = {
  input: CreateFunctionInput;
};


export type MutationCreateScheduleArgs = {
  functionId: Scalars['ID']['input'];
  input: ScheduleInput;
};


export type MutationDeleteAliasArgs = {
  functionId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationDeleteFunctionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteScheduleArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteSecretArgs = {
  name: Scalars['String']['input'];
};


export type MutationInvokeFunctionArgs = {
  id: Scalars['ID']['input'];
  input?: InputMaybe<Scalars['JSON']['input']>;
  qualifier?: InputMaybe<Scalars['String']['input']>;
};


export type MutationInvokeFunctionAsyncArgs = {
  id: Scalars['ID']['input'];
  input?: InputMaybe<Scalars['JSON']['input']>;
  qualifier?: InputMaybe<Scalars['String']['input']>;
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRedriveInvocationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRegisterArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRollbackFunctionArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSetAliasArgs = {
  canary?: InputMaybe<CanaryInput>;
  functionId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


export type MutationSetFunctionConcurrencyArgs = {
  id: Scalars['ID']['input'];
  input: FunctionConcurrencyInput;
};


export type MutationSetSecretArgs = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};


export type MutationSetUserDisabledArgs = {
  disabled: Scalars['Boolean']['input'];
  id: Scalars['ID']['input'];
};


export type MutationSetUserQuotaArgs = {
  input: UserQuotaInput;
  userId: Scalars['ID']['input'];
};


export type MutationSetUserRoleArgs = {
  id: Scalars['ID']['input'];
  role: Role;
};


export type MutationUpdateFunctionArgs = {
  id: Scalars['ID']['input'];
  input: UpdateFunctionInput;
};


export type MutationUpdateScheduleArgs = {
  id: Scalars['ID']['input'];
  input: ScheduleUpdateInput;
};

/** NONE: no network. EGRESS: DNS and the internet, never the fnbox host, the container engine, other containers, link-local or private addresses. */
export type NetworkAccess =
  | 'EGRESS'
  | 'NONE';

/** A node of the cluster (one `npm start` with its own container engine); a single node lists itself as "local". */
export type Node = {
  /** Function containers it runs (warm, busy, prewarmed). */
  containers: Scalars['Int']['output'];
  /** Stable across restarts: derived from FNBOX_NODE_URL. */
  id: Scalars['ID']['output'];
  /** Its last heartbeat. */
  lastSeenAt: Scalars['DateTime']['output'];
  /** Invocations running per CPU at its last heartbeat. */
  load: Scalars['Float']['output'];
  startedAt: Scalars['DateTime']['output'];
  status: NodeStatus;
  /** Where the other nodes reach it (FNBOX_NODE_URL). */
  url: Scalars['String']['output'];
};

/** UP: in the ring, takes calls. DRAINING: finishing its calls before it stops. DOWN: left, or silent past FNBOX_NODE_TIMEOUT_MS. DEGRADED: running, but its container engine does not answer: out of the ring (the calls it receives go to the others, /healthz answers 503) until the engine answers again. */
export type NodeStatus =
  | 'DEGRADED'
  | 'DOWN'
  | 'DRAINING'
  | 'UP';

export type PageInfo = {
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type PlatformStats = {
  at: Scalars['DateTime']['output'];
  /** Live function containers. */
  containers: Scalars['Int']['output'];
  /** Finished invocations per second over the last 10 seconds. */
  invocationsPerSecond: Scalars['Float']['output'];
  /** Invocations waiting for a container. */
  queueDepth: Scalars['Int']['output'];
  runtimes: Array<RuntimePoolStats>;
};

export type Query = {
  apiKeys: Array<ApiKey>;
  /** Async work that failed every attempt (the last attempt of each), newest first: of one function, or all the caller may see. */
  deadLetters: InvocationConnection;
  function: Maybe<Function>;
  functionVersion: FunctionVersion;
  /** The caller's functions (all, for an ADMIN). */
  functions: Array<Function>;
  invocation: Maybe<Invocation>;
  /** Invocations, newest first: of one function, or all the caller may see. */
  invocations: InvocationConnection;
  me: Maybe<User>;
  /** This node's memory and cache sizes (ADMIN only). */
  memory: Memory;
  /** The caller's functions together (the whole platform for an ADMIN). */
  metricsOverview: MetricsOverview;
  /** The nodes of the cluster (ADMIN only), ordered by URL. */
  nodes: Array<Node>;
  /** Container pools and throughput (ADMIN only). */
  platformStats: PlatformStats;
  /** The caller's secrets, by name (never their values). */
  secrets: Array<Secret>;
  /** This node's stem pools (ADMIN only). */
  stemPools: Array<StemPool>;
  /** Every account (ADMIN only), ordered by email. */
  users: Array<User>;
};


export type QueryDeadLettersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  functionId?: InputMaybe<Scalars['ID']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryFunctionArgs = {
  id: Scalars['ID']['input'];
};


export type QueryFunctionVersionArgs = {
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
};


export type QueryInvocationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryInvocationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<InvocationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  functionId?: InputMaybe<Scalars['ID']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  status?: InputMaybe<InvocationStatus>;
};


export type QueryMetricsOverviewArgs = {
  window?: InputMaybe<MetricsWindow>;
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** What the user holds now of each quota. */
export type QuotaUsage = {
  /** Containers their functions hold on this node now (against maxConcurrency). */
  containers: Scalars['Int']['output'];
  functions: Scalars['Int']['output'];
  /** Warm containers their functions ask for in all (against maxProvisioned). */
  provisionedConcurrency: Scalars['Int']['output'];
  /** Of those, warm on this node now. */
  provisionedContainers: Scalars['Int']['output'];
  /** Input of their invocations waiting to run (against maxQueuedBytes). */
  queuedBytes: Scalars['Float']['output'];
};

export type Role =
  | 'ADMIN'
  | 'USER';

/** Who may call a function's route: PRIVATE needs its owner's (or an admin's) credential, PUBLIC answers anyone (rate limited per client). */
export type RouteAccess =
  | 'PRIVATE'
  | 'PUBLIC';

export type Runtime =
  | 'NODE'
  | 'PYTHON';

export type RuntimePoolStats = {
  /** Containers running an invocation. */
  busy: Scalars['Int']['output'];
  runtime: Runtime;
  /** Prewarmed generic containers. */
  stemCells: Scalars['Int']['output'];
  /** Idle containers specialised for a function version. */
  warm: Scalars['Int']['output'];
};

export type Schedule = {
  createdAt: Scalars['DateTime']['output'];
  enabled: Scalars['Boolean']['output'];
  /** 5-field cron or rate(N minutes|hours|days). */
  expression: Scalars['String']['output'];
  functionId: Scalars['ID']['output'];
  id: Scalars['ID']['output'];
  /** The event every run gets. */
  input: Maybe<Scalars['JSON']['output']>;
  /** The due time of the latest run. */
  lastRunAt: Maybe<Scalars['DateTime']['output']>;
  lastSkippedAt: Maybe<Scalars['DateTime']['output']>;
  nextRunAt: Maybe<Scalars['DateTime']['output']>;
  /** The invocations this schedule made (their first attempts), newest first. */
  runs: Array<Invocation>;
  /** Due times skipped because the previous run was still going (or could not be queued). */
  skippedRuns: Scalars['Int']['output'];
  /** IANA time zone the cron fields are read in. */
  timezone: Scalars['String']['output'];
};


export type ScheduleRunsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ScheduleInput = {
  /** Default true. */
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  /** Cron ("*\/5 * * * *", 5 fields) or "rate(5 minutes)". */
  expression: Scalars['String']['input'];
  /** The event each run gets. */
  input?: InputMaybe<Scalars['JSON']['input']>;
  /** IANA time zone, default UTC. */
  timezone?: InputMaybe<Scalars['String']['input']>;
};

/** The fields of ScheduleInput, all optional: only those given change. */
export type ScheduleUpdateInput = {
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  expression?: InputMaybe<Scalars['String']['input']>;
  /** null removes the input. */
  input?: InputMaybe<Scalars['JSON']['input']>;
  timezone?: InputMaybe<Scalars['String']['input']>;
};

/** A user's secret. Its value is write-only: no API returns it. */
export type Secret = {
  createdAt: Scalars['DateTime']['output'];
  /** The environment variable it becomes in functions that list it. */
  name: Scalars['String']['output'];
  updatedAt: Scalars['DateTime']['output'];
};

/** A reactive pool of stem cells (prewarmed generic containers) of one runtime, network and memory size. */
export type StemPool = {
  memoryMb: Scalars['Int']['output'];
  network: NetworkAccess;
  /** Cells ready now. */
  ready: Scalars['Int']['output'];
  runtime: Runtime;
  /** The size it is kept at now: its minimum, or the first calls it saw within the TTL, up to its maximum. */
  target: Scalars['Int']['output'];
};

export type Subscription = {
  /** The function's builds as they run: first what a running build printed so far, then its output and status changes. */
  buildLog: BuildLogChunk;
  /** CREATED, UPDATED and DELETED of the caller's functions (of every function, for an ADMIN). */
  functionEvents: FunctionEvent;
  /** A function's output from now on (`logs --follow`): each chunk of each of its invocations as printed (invocationId tells them apart), and a final chunk when each one finishes. Quick calls deliver all their output in their final chunk. */
  functionLogs: LogChunk;
  /** The current metrics at once, then again as invocations finish and, for a sliding window, as invocations leave it (at most 4 per second). */
  functionMetrics: FunctionMetrics;
  /** STARTED and FINISHED events of one function, or of every function the caller may see. */
  invocationEvents: InvocationEvent;
  /** What an invocation prints, as it prints it: first what it printed before the subscription (one chunk), then each chunk as its agent streams it (every 200 ms while it prints), then a final chunk with the rest of its logs; completes when it finishes. Calls shorter than the stream interval deliver everything in the final chunk. */
  invocationLogs: LogChunk;
  /** Container pools and throughput (ADMIN only): at once, then every second when something changed. */
  platformStats: PlatformStats;
};


export type SubscriptionBuildLogArgs = {
  functionId: Scalars['ID']['input'];
};


export type SubscriptionFunctionLogsArgs = {
  functionId: Scalars['ID']['input'];
};


export type SubscriptionFunctionMetricsArgs = {
  functionId: Scalars['ID']['input'];
  window?: InputMaybe<MetricsWindow>;
};


export type SubscriptionInvocationEventsArgs = {
  functionId?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionInvocationLogsArgs = {
  invocationId: Scalars['ID']['input'];
};

/** Every field is optional; a change of code or settings bumps the version. */
export type UpdateFunctionInput = {
  access?: InputMaybe<RouteAccess>;
  archive?: InputMaybe<Scalars['String']['input']>;
  archiveFile?: InputMaybe<Scalars['File']['input']>;
  asyncRetries?: InputMaybe<Scalars['Int']['input']>;
  /** Any one of code, files or archive replaces what the function runs. */
  code?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the dependencies field; null removes it. */
  dependencies?: InputMaybe<Scalars['String']['input']>;
  /** [] or null removes the narrowing. */
  egressAllow?: InputMaybe<Array<Scalars['String']['input']>>;
  env?: InputMaybe<Scalars['JSON']['input']>;
  files?: InputMaybe<Array<FunctionFileInput>>;
  /** Alone, re-points the current bundle's handler. */
  handler?: InputMaybe<Scalars['String']['input']>;
  memoryMb?: InputMaybe<Scalars['Int']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  network?: InputMaybe<NetworkAccess>;
  /** null removes the destination. */
  onFailureFunctionId?: InputMaybe<Scalars['ID']['input']>;
  /** null removes the destination. */
  onSuccessFunctionId?: InputMaybe<Scalars['ID']['input']>;
  /** null removes the route. */
  route?: InputMaybe<Scalars['String']['input']>;
  runtime?: InputMaybe<Runtime>;
  /** Replaces the list of secret names. */
  secrets?: InputMaybe<Array<Scalars['String']['input']>>;
  timeoutMs?: InputMaybe<Scalars['Int']['input']>;
};

export type User = {
  createdAt: Scalars['DateTime']['output'];
  disabled: Scalars['Boolean']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  quota: UserQuota;
  role: Role;
  usage: QuotaUsage;
  /** Sign-in name (unique regardless of case), set by registering through the seed-compatible REST API; null otherwise. */
  username: Maybe<Scalars['String']['output']>;
};

/** A user's quotas: the platform defaults unless an ADMIN set others (setUserQuota). Refusals name the quota in `extensions.quota`. */
export type UserQuota = {
  /** The quotas an ADMIN set for this user (the others are the platform defaults). */
  custom: Array<Scalars['String']['output']>;
  /** Containers the user's functions may hold at once: their concurrent executions, warm and provisioned ones included. */
  maxConcurrency: Scalars['Int']['output'];
  /** Functions the user may own (ADMINs are not limited); 0: no limit. */
  maxFunctions: Scalars['Int']['output'];
  /** Containers the user's functions may keep warm in all (provisionedConcurrency). */
  maxProvisioned: Scalars['Int']['output'];
  /** Bytes of invocation input accepted but not yet running (TOO_MANY_REQUESTS past it); 0: no limit. */
  maxQueuedBytes: Scalars['Float']['output'];
};

/** Each field: a number sets the quota, null returns it to the platform default, absent leaves it. */
export type UserQuotaInput = {
  /** Containers the user's functions may hold at once: their concurrent executions, warm and provisioned ones included. */
  maxConcurrency?: InputMaybe<Scalars['Int']['input']>;
  /** Functions the user may own (ADMINs are not limited); 0: no limit. */
  maxFunctions?: InputMaybe<Scalars['Int']['input']>;
  /** Containers the user's functions may keep warm in all (provisionedConcurrency). */
  maxProvisioned?: InputMaybe<Scalars['Int']['input']>;
  /** Bytes of invocation input accepted but not yet running (TOO_MANY_REQUESTS past it); 0: no limit. */
  maxQueuedBytes?: InputMaybe<Scalars['Float']['input']>;
};

export type SetAliasMutationVariables = Exact<{
  functionId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
  canary?: InputMaybe<CanaryInput>;
}>;


export type SetAliasMutation = { setAlias: { name: string, version: number, canary: { version: number, weight: number } | null } };

export type DeleteAliasMutationVariables = Exact<{
  functionId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
}>;


export type DeleteAliasMutation = { deleteAlias: boolean };

export type RollbackFunctionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  version: Scalars['Int']['input'];
}>;


export type RollbackFunctionMutation = { rollbackFunction: { id: string, version: number, code: string, env: unknown | null, handler: string, bundleSha256: string | null, timeoutMs: number, memoryMb: number } };

export type ViewerFieldsFragment = { id: string, email: string, role: Role };

export type SessionFieldsFragment = { token: string, user: { id: string, email: string, role: Role } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, role: Role } | null };

export type RegisterMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type RegisterMutation = { register: { token: string, user: { id: string, email: string, role: Role } } };

export type LoginMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { login: { token: string, user: { id: string, email: string, role: Role } } };

export type BuildSummaryFragment = { id: string, status: BuildStatus, version: number, log: string, startedAt: string | null, finishedAt: string | null };

export type BuildLogSubscriptionVariables = Exact<{
  functionId: Scalars['ID']['input'];
}>;


export type BuildLogSubscription = { buildLog: { buildId: string, status: BuildStatus, text: string } };

export type FunctionDetailFragment = { id: string, name: string, runtime: Runtime, code: string, handler: string, bundleSha256: string | null, route: string | null, access: RouteAccess, timeoutMs: number, memoryMb: number, network: NetworkAccess, egressAllow: Array<string>, env: unknown | null, secrets: Array<string>, version: number, liveVersion: number | null, dependencies: string | null, createdAt: string, updatedAt: string, files: Array<{ path: string, size: number, base64: boolean, executable: boolean, content: string }>, build: { id: string, status: BuildStatus, version: number, log: string, startedAt: string | null, finishedAt: string | null } | null };

export type BundleFileFragment = { path: string, size: number, base64: boolean, executable: boolean, content: string };

export type FunctionsQueryVariables = Exact<{ [key: string]: never; }>;


export type FunctionsQuery = { functions: Array<{ id: string, name: string, runtime: Runtime, route: string | null, access: RouteAccess, timeoutMs: number, memoryMb: number, version: number, updatedAt: string, metrics: { invocations: number, errorRate: number, p95Ms: number | null, lastInvokedAt: string | null }, metricsSeries: Array<{ time: string, invocations: number }> }> };

export type FunctionQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FunctionQuery = { function: { id: string, name: string, runtime: Runtime, code: string, handler: string, bundleSha256: string | null, route: string | null, access: RouteAccess, timeoutMs: number, memoryMb: number, network: NetworkAccess, egressAllow: Array<string>, env: unknown | null, secrets: Array<string>, version: number, liveVersion: number | null, dependencies: string | null, createdAt: string, updatedAt: string, files: Array<{ path: string, size: number, base64: boolean, executable: boolean, content: string }>, build: { id: string, status: BuildStatus, version: number, log: string, startedAt: string | null, finishedAt: string | null } | null } | null };

export type CreateFunctionMutationVariables = Exact<{
  input: CreateFunctionInput;
}>;


export type CreateFunctionMutation = { createFunction: { id: string, name: string, runtime: Runtime, code: string, handler: string, bundleSha256: string | null, route: string | null, access: RouteAccess, timeoutMs: number, memoryMb: number, network: NetworkAccess, egressAllow: Array<string>, env: unknown | null, secrets: Array<string>, version: number, liveVersion: number | null, dependencies: string | null, createdAt: string, updatedAt: string, files: Array<{ path: string, size: number, base64: boolean, executable: boolean, content: string }>, build: { id: string, status: BuildStatus, version: number, log: string, startedAt: string | null, finishedAt: string | null } | null } };

export type UpdateFunctionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateFunctionInput;
}>;


export type UpdateFunctionMutation = { updateFunction: { id: string, name: string, runtime: Runtime, code: string, handler: string, bundleSha256: string | null, route: string | null, access: RouteAccess, timeoutMs: number, memoryMb: number, network: NetworkAccess, egressAllow: Array<string>, env: unknown | null, secrets: Array<string>, version: number, liveVersion: number | null, dependencies: string | null, createdAt: string, updatedAt: string, files: Array<{ path: string, size: number, base64: boolean, executable: boolean, content: string }>, build: { id: string, status: BuildStatus, version: number, log: string, startedAt: string | null, finishedAt: string | null } | null } };

export type DeleteFunctionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteFunctionMutation = { deleteFunction: boolean };

export type FunctionVersionsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FunctionVersionsQuery = { function: { id: string, version: number, aliases: Array<{ name: string, version: number, canary: { version: number, weight: number } | null }>, versions: Array<{ version: number, name: string, runtime: Runtime, route: string | null, timeoutMs: number, memoryMb: number, network: NetworkAccess, egressAllow: Array<string>, secrets: Array<string>, env: unknown | null, createdAt: string, code: string, handler: string, bundleSha256: string | null, dependencies: string | null, build: { status: BuildStatus } | null, files: Array<{ path: string, size: number, base64: boolean, executable: boolean, content: string }> }> } | null };

export type FunctionEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type FunctionEventsSubscription = { functionEvents: { type: FunctionEventType, function: { id: string, name: string } } };

export type InvocationSummaryFragment = { id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null };

export type InvocationPageFragment = { edges: Array<{ cursor: string, node: { id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } };

export type InvokeFunctionMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input?: InputMaybe<Scalars['JSON']['input']>;
}>;


export type InvokeFunctionMutation = { invokeFunction: { result: unknown | null, logs: string, logsTruncated: boolean, initMs: number | null, id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } };

export type InvocationsQueryVariables = Exact<{
  functionId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<InvocationStatus>;
}>;


export type InvocationsQuery = { invocations: { edges: Array<{ cursor: string, node: { id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SearchInvocationsQueryVariables = Exact<{
  functionId?: InputMaybe<Scalars['ID']['input']>;
  filter?: InputMaybe<InvocationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type SearchInvocationsQuery = { invocations: { edges: Array<{ cursor: string, node: { id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type InvocationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type InvocationQuery = { invocation: { input: unknown | null, result: unknown | null, logs: string, logsTruncated: boolean, initMs: number | null, cpuMs: number | null, node: string | null, parentInvocationId: string | null, callDepth: number, id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } | null };

export type InvocationEventsSubscriptionVariables = Exact<{
  functionId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type InvocationEventsSubscription = { invocationEvents: { type: InvocationEventType, invocation: { id: string, functionId: string, functionVersion: number, status: InvocationStatus, trigger: InvocationTrigger, coldStart: boolean, durationMs: number | null, memoryPeakMb: number | null, queuedAt: string, startedAt: string | null, finishedAt: string | null, error: string | null } } };

export type LogChunkFieldsFragment = { invocationId: string, seq: number, offset: number, text: string, final: boolean, at: string };

export type InvocationLogsSubscriptionVariables = Exact<{
  invocationId: Scalars['ID']['input'];
}>;


export type InvocationLogsSubscription = { invocationLogs: { invocationId: string, seq: number, offset: number, text: string, final: boolean, at: string } };

export type FunctionLogsSubscriptionVariables = Exact<{
  functionId: Scalars['ID']['input'];
}>;


export type FunctionLogsSubscription = { functionLogs: { invocationId: string, seq: number, offset: number, text: string, final: boolean, at: string } };

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, invokeOnly: boolean, functions: Array<string> | null, expiresAt: string | null };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, invokeOnly: boolean, functions: Array<string> | null, expiresAt: string | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  name: Scalars['String']['input'];
  invokeOnly?: InputMaybe<Scalars['Boolean']['input']>;
  functions?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, accessKeyId: string, secretAccessKey: string, apiKey: { id: string, name: string, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null, invokeOnly: boolean, functions: Array<string> | null, expiresAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RevokeApiKeyMutation = { revokeApiKey: boolean };

export type MetricsFieldsFragment = { window: MetricsWindow, invocations: number, successes: number, errors: number, timeouts: number, ooms: number, coldStarts: number, errorRate: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, avgMs: number | null, avgMemoryMb: number | null, maxMemoryMb: number | null, lastInvokedAt: string | null };

export type MetricsPointFieldsFragment = { time: string, invocations: number, successes: number, errors: number, timeouts: number, ooms: number, coldStarts: number, errorRate: number, p50Ms: number | null, p95Ms: number | null, avgMs: number | null, avgMemoryMb: number | null, maxMemoryMb: number | null };

export type FunctionMetricsSeriesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  resolution: MetricsResolution;
}>;


export type FunctionMetricsSeriesQuery = { function: { id: string, metricsSeries: Array<{ time: string, invocations: number, successes: number, errors: number, timeouts: number, ooms: number, coldStarts: number, errorRate: number, p50Ms: number | null, p95Ms: number | null, avgMs: number | null, avgMemoryMb: number | null, maxMemoryMb: number | null }> } | null };

export type FunctionMetricsSubscriptionVariables = Exact<{
  functionId: Scalars['ID']['input'];
  window?: InputMaybe<MetricsWindow>;
}>;


export type FunctionMetricsSubscription = { functionMetrics: { window: MetricsWindow, invocations: number, successes: number, errors: number, timeouts: number, ooms: number, coldStarts: number, errorRate: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, avgMs: number | null, avgMemoryMb: number | null, maxMemoryMb: number | null, lastInvokedAt: string | null } };

export type MetricsOverviewQueryVariables = Exact<{
  window?: InputMaybe<MetricsWindow>;
}>;


export type MetricsOverviewQuery = { metricsOverview: { scope: MetricsScope, window: MetricsWindow, totals: { window: MetricsWindow, invocations: number, successes: number, errors: number, timeouts: number, ooms: number, coldStarts: number, errorRate: number, p50Ms: number | null, p95Ms: number | null, p99Ms: number | null, avgMs: number | null, avgMemoryMb: number | null, maxMemoryMb: number | null, lastInvokedAt: string | null } } };

export type PlatformStatsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type PlatformStatsSubscription = { platformStats: { at: string, containers: number, invocationsPerSecond: number, queueDepth: number, runtimes: Array<{ runtime: Runtime, busy: number, warm: number, stemCells: number }> } };

export type NodesQueryVariables = Exact<{ [key: string]: never; }>;


export type NodesQuery = { nodes: Array<{ id: string, url: string, status: NodeStatus, containers: number, load: number, startedAt: string, lastSeenAt: string }> };

export type QuotaFieldsFragment = { id: string, quota: { maxFunctions: number, maxConcurrency: number, maxQueuedBytes: number, maxProvisioned: number, custom: Array<string> }, usage: { functions: number, containers: number, queuedBytes: number, provisionedConcurrency: number, provisionedContainers: number } };

export type UserQuotasQueryVariables = Exact<{ [key: string]: never; }>;


export type UserQuotasQuery = { users: Array<{ id: string, quota: { maxFunctions: number, maxConcurrency: number, maxQueuedBytes: number, maxProvisioned: number, custom: Array<string> }, usage: { functions: number, containers: number, queuedBytes: number, provisionedConcurrency: number, provisionedContainers: number } }> };

export type SetUserQuotaMutationVariables = Exact<{
  userId: Scalars['ID']['input'];
  input: UserQuotaInput;
}>;


export type SetUserQuotaMutation = { setUserQuota: { id: string, quota: { maxFunctions: number, maxConcurrency: number, maxQueuedBytes: number, maxProvisioned: number, custom: Array<string> }, usage: { functions: number, containers: number, queuedBytes: number, provisionedConcurrency: number, provisionedContainers: number } } };

export type FunctionConcurrencyFieldsFragment = { id: string, concurrency: number | null, provisionedConcurrency: number, provisionedReady: number };

export type FunctionConcurrencyQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FunctionConcurrencyQuery = { function: { id: string, concurrency: number | null, provisionedConcurrency: number, provisionedReady: number } | null, me: { id: string, quota: { maxFunctions: number, maxConcurrency: number, maxQueuedBytes: number, maxProvisioned: number, custom: Array<string> }, usage: { functions: number, containers: number, queuedBytes: number, provisionedConcurrency: number, provisionedContainers: number } } | null };

export type SetFunctionConcurrencyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: FunctionConcurrencyInput;
}>;


export type SetFunctionConcurrencyMutation = { setFunctionConcurrency: { id: string, concurrency: number | null, provisionedConcurrency: number, provisionedReady: number } };

export type SecretFieldsFragment = { name: string, createdAt: string, updatedAt: string };

export type SecretsQueryVariables = Exact<{ [key: string]: never; }>;


export type SecretsQuery = { secrets: Array<{ name: string, createdAt: string, updatedAt: string }> };

export type SetSecretMutationVariables = Exact<{
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
}>;


export type SetSecretMutation = { setSecret: { name: string, createdAt: string, updatedAt: string } };

export type DeleteSecretMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteSecretMutation = { deleteSecret: boolean };

export type ScheduleDetailFragment = { id: string, expression: string, timezone: string, input: unknown | null, enabled: boolean, nextRunAt: string | null, lastRunAt: string | null, skippedRuns: number, lastSkippedAt: string | null, runs: Array<{ id: string, status: InvocationStatus, queuedAt: string, error: string | null }> };

export type FunctionSchedulesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type FunctionSchedulesQuery = { function: { id: string, schedules: Array<{ id: string, expression: string, timezone: string, input: unknown | null, enabled: boolean, nextRunAt: string | null, lastRunAt: string | null, skippedRuns: number, lastSkippedAt: string | null, runs: Array<{ id: string, status: InvocationStatus, queuedAt: string, error: string | null }> }> } | null };

export type CreateScheduleMutationVariables = Exact<{
  functionId: Scalars['ID']['input'];
  input: ScheduleInput;
}>;


export type CreateScheduleMutation = { createSchedule: { id: string, expression: string, timezone: string, input: unknown | null, enabled: boolean, nextRunAt: string | null, lastRunAt: string | null, skippedRuns: number, lastSkippedAt: string | null, runs: Array<{ id: string, status: InvocationStatus, queuedAt: string, error: string | null }> } };

export type UpdateScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: ScheduleUpdateInput;
}>;


export type UpdateScheduleMutation = { updateSchedule: { id: string, expression: string, timezone: string, input: unknown | null, enabled: boolean, nextRunAt: string | null, lastRunAt: string | null, skippedRuns: number, lastSkippedAt: string | null, runs: Array<{ id: string, status: InvocationStatus, queuedAt: string, error: string | null }> } };

export type DeleteScheduleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteScheduleMutation = { deleteSchedule: boolean };

export type DeadLettersQueryVariables = Exact<{
  functionId?: InputMaybe<Scalars['ID']['input']>;
}>;


export type DeadLettersQuery = { deadLetters: { edges: Array<{ node: { id: string, attempt: number, queuedAt: string, finishedAt: string | null, error: string | null, attempts: Array<{ id: string, attempt: number, status: InvocationStatus, error: string | null }> } }> } };

export type RedriveInvocationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RedriveInvocationMutation = { redriveInvocation: { id: string, status: InvocationStatus } };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { users: Array<{ id: string, email: string, role: Role, disabled: boolean, createdAt: string }> };

export type SetUserRoleMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  role: Role;
}>;


export type SetUserRoleMutation = { setUserRole: { id: string, role: Role } };

export type SetUserDisabledMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  disabled: Scalars['Boolean']['input'];
}>;


export type SetUserDisabledMutation = { setUserDisabled: { id: string, disabled: boolean } };

export const ViewerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]} as unknown as DocumentNode<ViewerFieldsFragment, unknown>;
export const SessionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ViewerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]} as unknown as DocumentNode<SessionFieldsFragment, unknown>;
export const BundleFileFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<BundleFileFragment, unknown>;
export const BuildSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuildSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Build"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"log"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]} as unknown as DocumentNode<BuildSummaryFragment, unknown>;
export const FunctionDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleFile"}}]}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"egressAllow"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"secrets"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"liveVersion"}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"}},{"kind":"Field","name":{"kind":"Name","value":"build"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuildSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuildSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Build"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"log"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<FunctionDetailFragment, unknown>;
export const InvocationSummaryFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<InvocationSummaryFragment, unknown>;
export const InvocationPageFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationPage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvocationConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<InvocationPageFragment, unknown>;
export const LogChunkFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogChunkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogChunk"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocationId"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"offset"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]} as unknown as DocumentNode<LogChunkFieldsFragment, unknown>;
export const ApiKeyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"invokeOnly"}},{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<ApiKeyFieldsFragment, unknown>;
export const MetricsFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"successes"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeouts"}},{"kind":"Field","name":{"kind":"Name","value":"ooms"}},{"kind":"Field","name":{"kind":"Name","value":"coldStarts"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"maxMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}}]}}]} as unknown as DocumentNode<MetricsFieldsFragment, unknown>;
export const MetricsPointFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MetricsPointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsPoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"successes"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeouts"}},{"kind":"Field","name":{"kind":"Name","value":"ooms"}},{"kind":"Field","name":{"kind":"Name","value":"coldStarts"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"maxMemoryMb"}}]}}]} as unknown as DocumentNode<MetricsPointFieldsFragment, unknown>;
export const QuotaFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxFunctions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxQueuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxProvisioned"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"queuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedContainers"}}]}}]}}]} as unknown as DocumentNode<QuotaFieldsFragment, unknown>;
export const FunctionConcurrencyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionConcurrencyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedReady"}}]}}]} as unknown as DocumentNode<FunctionConcurrencyFieldsFragment, unknown>;
export const SecretFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SecretFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Secret"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<SecretFieldsFragment, unknown>;
export const ScheduleDetailFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"skippedRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastSkippedAt"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<ScheduleDetailFragment, unknown>;
export const SetAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"canary"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CanaryInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}},{"kind":"Argument","name":{"kind":"Name","value":"canary"},"value":{"kind":"Variable","name":{"kind":"Name","value":"canary"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}}]}}]}}]} as unknown as DocumentNode<SetAliasMutation, SetAliasMutationVariables>;
export const DeleteAliasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteAlias"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteAlias"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}]}}]} as unknown as DocumentNode<DeleteAliasMutation, DeleteAliasMutationVariables>;
export const RollbackFunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RollbackFunction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"version"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackFunction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"version"},"value":{"kind":"Variable","name":{"kind":"Name","value":"version"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}}]}}]}}]} as unknown as DocumentNode<RollbackFunctionMutation, RollbackFunctionMutationVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ViewerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const RegisterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Register"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"register"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ViewerFields"}}]}}]}}]} as unknown as DocumentNode<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SessionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ViewerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SessionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ViewerFields"}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const BuildLogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BuildLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buildLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"buildId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]} as unknown as DocumentNode<BuildLogSubscription, BuildLogSubscriptionVariables>;
export const FunctionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Functions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"metrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"EnumValue","value":"LAST_DAY"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"metricsSeries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolution"},"value":{"kind":"EnumValue","value":"MINUTE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}}]}}]}}]}}]} as unknown as DocumentNode<FunctionsQuery, FunctionsQueryVariables>;
export const FunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Function"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunctionDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuildSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Build"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"log"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleFile"}}]}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"egressAllow"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"secrets"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"liveVersion"}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"}},{"kind":"Field","name":{"kind":"Name","value":"build"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuildSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<FunctionQuery, FunctionQueryVariables>;
export const CreateFunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateFunction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateFunctionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createFunction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunctionDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuildSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Build"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"log"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleFile"}}]}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"egressAllow"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"secrets"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"liveVersion"}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"}},{"kind":"Field","name":{"kind":"Name","value":"build"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuildSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<CreateFunctionMutation, CreateFunctionMutationVariables>;
export const UpdateFunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateFunction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateFunctionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateFunction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunctionDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuildSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Build"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"log"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleFile"}}]}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"egressAllow"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"secrets"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"liveVersion"}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"}},{"kind":"Field","name":{"kind":"Name","value":"build"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuildSummary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<UpdateFunctionMutation, UpdateFunctionMutationVariables>;
export const DeleteFunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteFunction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteFunction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteFunctionMutation, DeleteFunctionMutationVariables>;
export const FunctionVersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FunctionVersions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"canary"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"route"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"egressAllow"}},{"kind":"Field","name":{"kind":"Name","value":"secrets"}},{"kind":"Field","name":{"kind":"Name","value":"env"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"handler"}},{"kind":"Field","name":{"kind":"Name","value":"bundleSha256"}},{"kind":"Field","name":{"kind":"Name","value":"dependencies"}},{"kind":"Field","name":{"kind":"Name","value":"build"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BundleFile"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BundleFile"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"base64"}},{"kind":"Field","name":{"kind":"Name","value":"executable"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]} as unknown as DocumentNode<FunctionVersionsQuery, FunctionVersionsQueryVariables>;
export const FunctionEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FunctionEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functionEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"function"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<FunctionEventsSubscription, FunctionEventsSubscriptionVariables>;
export const InvokeFunctionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"InvokeFunction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invokeFunction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"logs"}},{"kind":"Field","name":{"kind":"Name","value":"logsTruncated"}},{"kind":"Field","name":{"kind":"Name","value":"initMs"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<InvokeFunctionMutation, InvokeFunctionMutationVariables>;
export const InvocationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Invocations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InvocationStatus"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationPage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationPage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvocationConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]} as unknown as DocumentNode<InvocationsQuery, InvocationsQueryVariables>;
export const SearchInvocationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchInvocations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InvocationFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationPage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationPage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvocationConnection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]} as unknown as DocumentNode<SearchInvocationsQuery, SearchInvocationsQueryVariables>;
export const InvocationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Invocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"logs"}},{"kind":"Field","name":{"kind":"Name","value":"logsTruncated"}},{"kind":"Field","name":{"kind":"Name","value":"initMs"}},{"kind":"Field","name":{"kind":"Name","value":"cpuMs"}},{"kind":"Field","name":{"kind":"Name","value":"node"}},{"kind":"Field","name":{"kind":"Name","value":"parentInvocationId"}},{"kind":"Field","name":{"kind":"Name","value":"callDepth"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<InvocationQuery, InvocationQueryVariables>;
export const InvocationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"InvocationEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"invocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InvocationSummary"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InvocationSummary"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Invocation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"functionId"}},{"kind":"Field","name":{"kind":"Name","value":"functionVersion"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"trigger"}},{"kind":"Field","name":{"kind":"Name","value":"coldStart"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"memoryPeakMb"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<InvocationEventsSubscription, InvocationEventsSubscriptionVariables>;
export const InvocationLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"InvocationLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invocationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocationLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"invocationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invocationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LogChunkFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogChunkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogChunk"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocationId"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"offset"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]} as unknown as DocumentNode<InvocationLogsSubscription, InvocationLogsSubscriptionVariables>;
export const FunctionLogsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FunctionLogs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functionLogs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LogChunkFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LogChunkFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LogChunk"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"invocationId"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"offset"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]} as unknown as DocumentNode<FunctionLogsSubscription, FunctionLogsSubscriptionVariables>;
export const ApiKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiKeyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"invokeOnly"}},{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"invokeOnly"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functions"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"invokeOnly"},"value":{"kind":"Variable","name":{"kind":"Name","value":"invokeOnly"}}},{"kind":"Argument","name":{"kind":"Name","value":"functions"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functions"}}},{"kind":"Argument","name":{"kind":"Name","value":"expiresAt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expiresAt"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"accessKeyId"}},{"kind":"Field","name":{"kind":"Name","value":"secretAccessKey"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiKeyFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"invokeOnly"}},{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const FunctionMetricsSeriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FunctionMetricsSeries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"resolution"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsResolution"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"metricsSeries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"resolution"},"value":{"kind":"Variable","name":{"kind":"Name","value":"resolution"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MetricsPointFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MetricsPointFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsPoint"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"successes"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeouts"}},{"kind":"Field","name":{"kind":"Name","value":"ooms"}},{"kind":"Field","name":{"kind":"Name","value":"coldStarts"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"maxMemoryMb"}}]}}]} as unknown as DocumentNode<FunctionMetricsSeriesQuery, FunctionMetricsSeriesQueryVariables>;
export const FunctionMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FunctionMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsWindow"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functionMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MetricsFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"successes"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeouts"}},{"kind":"Field","name":{"kind":"Name","value":"ooms"}},{"kind":"Field","name":{"kind":"Name","value":"coldStarts"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"maxMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}}]}}]} as unknown as DocumentNode<FunctionMetricsSubscription, FunctionMetricsSubscriptionVariables>;
export const MetricsOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MetricsOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MetricsWindow"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metricsOverview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scope"}},{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MetricsFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MetricsFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionMetrics"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"window"}},{"kind":"Field","name":{"kind":"Name","value":"invocations"}},{"kind":"Field","name":{"kind":"Name","value":"successes"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeouts"}},{"kind":"Field","name":{"kind":"Name","value":"ooms"}},{"kind":"Field","name":{"kind":"Name","value":"coldStarts"}},{"kind":"Field","name":{"kind":"Name","value":"errorRate"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p99Ms"}},{"kind":"Field","name":{"kind":"Name","value":"avgMs"}},{"kind":"Field","name":{"kind":"Name","value":"avgMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"maxMemoryMb"}},{"kind":"Field","name":{"kind":"Name","value":"lastInvokedAt"}}]}}]} as unknown as DocumentNode<MetricsOverviewQuery, MetricsOverviewQueryVariables>;
export const PlatformStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PlatformStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"platformStats"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"invocationsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"queueDepth"}},{"kind":"Field","name":{"kind":"Name","value":"runtimes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runtime"}},{"kind":"Field","name":{"kind":"Name","value":"busy"}},{"kind":"Field","name":{"kind":"Name","value":"warm"}},{"kind":"Field","name":{"kind":"Name","value":"stemCells"}}]}}]}}]}}]} as unknown as DocumentNode<PlatformStatsSubscription, PlatformStatsSubscriptionVariables>;
export const NodesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"load"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeenAt"}}]}}]}}]} as unknown as DocumentNode<NodesQuery, NodesQueryVariables>;
export const UserQuotasDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserQuotas"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuotaFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxFunctions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxQueuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxProvisioned"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"queuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedContainers"}}]}}]}}]} as unknown as DocumentNode<UserQuotasQuery, UserQuotasQueryVariables>;
export const SetUserQuotaDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetUserQuota"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UserQuotaInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setUserQuota"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuotaFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxFunctions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxQueuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxProvisioned"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"queuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedContainers"}}]}}]}}]} as unknown as DocumentNode<SetUserQuotaMutation, SetUserQuotaMutationVariables>;
export const FunctionConcurrencyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FunctionConcurrency"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunctionConcurrencyFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"QuotaFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"QuotaFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quota"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxFunctions"}},{"kind":"Field","name":{"kind":"Name","value":"maxConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"maxQueuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxProvisioned"}},{"kind":"Field","name":{"kind":"Name","value":"custom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"functions"}},{"kind":"Field","name":{"kind":"Name","value":"containers"}},{"kind":"Field","name":{"kind":"Name","value":"queuedBytes"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedContainers"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionConcurrencyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedReady"}}]}}]} as unknown as DocumentNode<FunctionConcurrencyQuery, FunctionConcurrencyQueryVariables>;
export const SetFunctionConcurrencyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetFunctionConcurrency"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FunctionConcurrencyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setFunctionConcurrency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"FunctionConcurrencyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"FunctionConcurrencyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Function"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedConcurrency"}},{"kind":"Field","name":{"kind":"Name","value":"provisionedReady"}}]}}]} as unknown as DocumentNode<SetFunctionConcurrencyMutation, SetFunctionConcurrencyMutationVariables>;
export const SecretsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Secrets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secrets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SecretFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SecretFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Secret"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<SecretsQuery, SecretsQueryVariables>;
export const SetSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"value"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"Argument","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"value"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SecretFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SecretFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Secret"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<SetSecretMutation, SetSecretMutationVariables>;
export const DeleteSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}]}}]} as unknown as DocumentNode<DeleteSecretMutation, DeleteSecretMutationVariables>;
export const FunctionSchedulesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FunctionSchedules"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"function"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"schedules"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleDetail"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"skippedRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastSkippedAt"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<FunctionSchedulesQuery, FunctionSchedulesQueryVariables>;
export const CreateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"skippedRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastSkippedAt"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<CreateScheduleMutation, CreateScheduleMutationVariables>;
export const UpdateScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ScheduleDetail"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ScheduleDetail"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Schedule"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"expression"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"nextRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastRunAt"}},{"kind":"Field","name":{"kind":"Name","value":"skippedRuns"}},{"kind":"Field","name":{"kind":"Name","value":"lastSkippedAt"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<UpdateScheduleMutation, UpdateScheduleMutationVariables>;
export const DeleteScheduleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteSchedule"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteSchedule"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteScheduleMutation, DeleteScheduleMutationVariables>;
export const DeadLettersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeadLetters"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deadLetters"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"functionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"functionId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"queuedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeadLettersQuery, DeadLettersQueryVariables>;
export const RedriveInvocationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RedriveInvocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redriveInvocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<RedriveInvocationMutation, RedriveInvocationMutationVariables>;
export const UsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<UsersQuery, UsersQueryVariables>;
export const SetUserRoleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetUserRole"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"role"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Role"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setUserRole"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"role"},"value":{"kind":"Variable","name":{"kind":"Name","value":"role"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]} as unknown as DocumentNode<SetUserRoleMutation, SetUserRoleMutationVariables>;
export const SetUserDisabledDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetUserDisabled"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"disabled"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setUserDisabled"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"disabled"},"value":{"kind":"Variable","name":{"kind":"Name","value":"disabled"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}}]}}]}}]} as unknown as DocumentNode<SetUserDisabledMutation, SetUserDisabledMutationVariables>;