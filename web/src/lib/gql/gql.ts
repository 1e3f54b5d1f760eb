/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SetAlias($functionId: ID!, $name: String!, $version: Int!, $canary: CanaryInput) {\n    setAlias(functionId: $functionId, name: $name, version: $version, canary: $canary) {\n      name\n      version\n      canary {\n        version\n        weight\n      }\n    }\n  }\n": typeof types.SetAliasDocument,
    "\n  mutation DeleteAlias($functionId: ID!, $name: String!) {\n    deleteAlias(functionId: $functionId, name: $name)\n  }\n": typeof types.DeleteAliasDocument,
    "\n  mutation RollbackFunction($id: ID!, $version: Int!) {\n    rollbackFunction(id: $id, version: $version) {\n      id\n      version\n      code\n      env\n      handler\n      bundleSha256\n      timeoutMs\n      memoryMb\n    }\n  }\n": typeof types.RollbackFunctionDocument,
    "\n  fragment ViewerFields on User {\n    id\n    email\n    role\n  }\n": typeof types.ViewerFieldsFragmentDoc,
    "\n  fragment SessionFields on AuthPayload {\n    token\n    user {\n      ...ViewerFields\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation Register($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  fragment BuildSummary on Build {\n    id\n    status\n    version\n    log\n    startedAt\n    finishedAt\n  }\n": typeof types.BuildSummaryFragmentDoc,
    "\n  subscription BuildLog($functionId: ID!) {\n    buildLog(functionId: $functionId) {\n      buildId\n      status\n      text\n    }\n  }\n": typeof types.BuildLogDocument,
    "\n  fragment FunctionDetail on Function {\n    id\n    name\n    runtime\n    code\n    handler\n    bundleSha256\n    files {\n      ...BundleFile\n    }\n    route\n    access\n    timeoutMs\n    memoryMb\n    network\n    egressAllow\n    env\n    secrets\n    version\n    liveVersion\n    dependencies\n    build {\n      ...BuildSummary\n    }\n    createdAt\n    updatedAt\n  }\n": typeof types.FunctionDetailFragmentDoc,
    "\n  fragment BundleFile on FunctionFile {\n    path\n    size\n    base64\n    executable\n    content\n  }\n": typeof types.BundleFileFragmentDoc,
    "\n  query Functions {\n    functions {\n      id\n      name\n      runtime\n      route\n      access\n      timeoutMs\n      memoryMb\n      version\n      updatedAt\n      metrics(window: LAST_DAY) {\n        invocations\n        errorRate\n        p95Ms\n        lastInvokedAt\n      }\n      metricsSeries(resolution: MINUTE) {\n        time\n        invocations\n      }\n    }\n  }\n": typeof types.FunctionsDocument,
    "\n  query Function($id: ID!) {\n    function(id: $id) {\n      ...FunctionDetail\n    }\n  }\n": typeof types.FunctionDocument,
    "\n  mutation CreateFunction($input: CreateFunctionInput!) {\n    createFunction(input: $input) {\n      ...FunctionDetail\n    }\n  }\n": typeof types.CreateFunctionDocument,
    "\n  mutation UpdateFunction($id: ID!, $input: UpdateFunctionInput!) {\n    updateFunction(id: $id, input: $input) {\n      ...FunctionDetail\n    }\n  }\n": typeof types.UpdateFunctionDocument,
    "\n  mutation DeleteFunction($id: ID!) {\n    deleteFunction(id: $id)\n  }\n": typeof types.DeleteFunctionDocument,
    "\n  query FunctionVersions($id: ID!) {\n    function(id: $id) {\n      id\n      version\n      aliases {\n        name\n        version\n        canary {\n          version\n          weight\n        }\n      }\n      versions {\n        version\n        name\n        runtime\n        route\n        timeoutMs\n        memoryMb\n        network\n        egressAllow\n        secrets\n        env\n        createdAt\n        code\n        handler\n        bundleSha256\n        dependencies\n        build {\n          status\n        }\n        files {\n          ...BundleFile\n        }\n      }\n    }\n  }\n": typeof types.FunctionVersionsDocument,
    "\n  subscription FunctionEvents {\n    functionEvents {\n      type\n      function {\n        id\n        name\n      }\n    }\n  }\n": typeof types.FunctionEventsDocument,
    "\n  fragment InvocationSummary on Invocation {\n    id\n    functionId\n    functionVersion\n    status\n    trigger\n    coldStart\n    durationMs\n    memoryPeakMb\n    queuedAt\n    startedAt\n    finishedAt\n    error\n  }\n": typeof types.InvocationSummaryFragmentDoc,
    "\n  fragment InvocationPage on InvocationConnection {\n    edges {\n      cursor\n      node {\n        ...InvocationSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n": typeof types.InvocationPageFragmentDoc,
    "\n  mutation InvokeFunction($id: ID!, $input: JSON) {\n    invokeFunction(id: $id, input: $input) {\n      ...InvocationSummary\n      result\n      logs\n      logsTruncated\n      initMs\n    }\n  }\n": typeof types.InvokeFunctionDocument,
    "\n  query Invocations($functionId: ID, $first: Int, $after: String, $status: InvocationStatus) {\n    invocations(functionId: $functionId, first: $first, after: $after, status: $status) {\n      ...InvocationPage\n    }\n  }\n": typeof types.InvocationsDocument,
    "\n  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {\n    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {\n      ...InvocationPage\n    }\n  }\n": typeof types.SearchInvocationsDocument,
    "\n  query Invocation($id: ID!) {\n    invocation(id: $id) {\n      ...InvocationSummary\n      input\n      result\n      logs\n      logsTruncated\n      initMs\n      cpuMs\n      node\n      parentInvocationId\n      callDepth\n    }\n  }\n": typeof types.InvocationDocument,
    "\n  subscription InvocationEvents($functionId: ID) {\n    invocationEvents(functionId: $functionId) {\n      type\n      invocation {\n        ...InvocationSummary\n      }\n    }\n  }\n": typeof types.InvocationEventsDocument,
    "\n  fragment LogChunkFields on LogChunk {\n    invocationId\n    seq\n    offset\n    text\n    final\n    at\n  }\n": typeof types.LogChunkFieldsFragmentDoc,
    "\n  subscription InvocationLogs($invocationId: ID!) {\n    invocationLogs(invocationId: $invocationId) {\n      ...LogChunkFields\n    }\n  }\n": typeof types.InvocationLogsDocument,
    "\n  subscription FunctionLogs($functionId: ID!) {\n    functionLogs(functionId: $functionId) {\n      ...LogChunkFields\n    }\n  }\n": typeof types.FunctionLogsDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    revokedAt\n    invokeOnly\n    functions\n    expiresAt\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {\n    createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) {\n      key\n      accessKeyId\n      secretAccessKey\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  fragment MetricsFields on FunctionMetrics {\n    window\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    p99Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n    lastInvokedAt\n  }\n": typeof types.MetricsFieldsFragmentDoc,
    "\n  fragment MetricsPointFields on MetricsPoint {\n    time\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n  }\n": typeof types.MetricsPointFieldsFragmentDoc,
    "\n  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {\n    function(id: $id) {\n      id\n      metricsSeries(resolution: $resolution) {\n        ...MetricsPointFields\n      }\n    }\n  }\n": typeof types.FunctionMetricsSeriesDocument,
    "\n  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {\n    functionMetrics(functionId: $functionId, window: $window) {\n      ...MetricsFields\n    }\n  }\n": typeof types.FunctionMetricsDocument,
    "\n  query MetricsOverview($window: MetricsWindow) {\n    metricsOverview(window: $window) {\n      scope\n      window\n      totals {\n        ...MetricsFields\n      }\n    }\n  }\n": typeof types.MetricsOverviewDocument,
    "\n  subscription PlatformStats {\n    platformStats {\n      at\n      containers\n      invocationsPerSecond\n      queueDepth\n      runtimes {\n        runtime\n        busy\n        warm\n        stemCells\n      }\n    }\n  }\n": typeof types.PlatformStatsDocument,
    "\n  query Nodes {\n    nodes {\n      id\n      url\n      status\n      containers\n      load\n      startedAt\n      lastSeenAt\n    }\n  }\n": typeof types.NodesDocument,
    "\n  fragment QuotaFields on User {\n    id\n    quota {\n      maxFunctions\n      maxConcurrency\n      maxQueuedBytes\n      maxProvisioned\n      custom\n    }\n    usage {\n      functions\n      containers\n      queuedBytes\n      provisionedConcurrency\n      provisionedContainers\n    }\n  }\n": typeof types.QuotaFieldsFragmentDoc,
    "\n  query UserQuotas {\n    users {\n      ...QuotaFields\n    }\n  }\n": typeof types.UserQuotasDocument,
    "\n  mutation SetUserQuota($userId: ID!, $input: UserQuotaInput!) {\n    setUserQuota(userId: $userId, input: $input) {\n      ...QuotaFields\n    }\n  }\n": typeof types.SetUserQuotaDocument,
    "\n  fragment FunctionConcurrencyFields on Function {\n    id\n    concurrency\n    provisionedConcurrency\n    provisionedReady\n  }\n": typeof types.FunctionConcurrencyFieldsFragmentDoc,
    "\n  query FunctionConcurrency($id: ID!) {\n    function(id: $id) {\n      ...FunctionConcurrencyFields\n    }\n    me {\n      ...QuotaFields\n    }\n  }\n": typeof types.FunctionConcurrencyDocument,
    "\n  mutation SetFunctionConcurrency($id: ID!, $input: FunctionConcurrencyInput!) {\n    setFunctionConcurrency(id: $id, input: $input) {\n      ...FunctionConcurrencyFields\n    }\n  }\n": typeof types.SetFunctionConcurrencyDocument,
    "\n  fragment SecretFields on Secret {\n    name\n    createdAt\n    updatedAt\n  }\n": typeof types.SecretFieldsFragmentDoc,
    "\n  query Secrets {\n    secrets {\n      ...SecretFields\n    }\n  }\n": typeof types.SecretsDocument,
    "\n  mutation SetSecret($name: String!, $value: String!) {\n    setSecret(name: $name, value: $value) {\n      ...SecretFields\n    }\n  }\n": typeof types.SetSecretDocument,
    "\n  mutation DeleteSecret($name: String!) {\n    deleteSecret(name: $name)\n  }\n": typeof types.DeleteSecretDocument,
    "\n  fragment ScheduleDetail on Schedule {\n    id\n    expression\n    timezone\n    input\n    enabled\n    nextRunAt\n    lastRunAt\n    skippedRuns\n    lastSkippedAt\n    runs(first: 5) {\n      id\n      status\n      queuedAt\n      error\n    }\n  }\n": typeof types.ScheduleDetailFragmentDoc,
    "\n  query FunctionSchedules($id: ID!) {\n    function(id: $id) {\n      id\n      schedules {\n        ...ScheduleDetail\n      }\n    }\n  }\n": typeof types.FunctionSchedulesDocument,
    "\n  mutation CreateSchedule($functionId: ID!, $input: ScheduleInput!) {\n    createSchedule(functionId: $functionId, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n": typeof types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($id: ID!, $input: ScheduleUpdateInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n": typeof types.UpdateScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": typeof types.DeleteScheduleDocument,
    "\n  query DeadLetters($functionId: ID) {\n    deadLetters(functionId: $functionId, first: 20) {\n      edges {\n        node {\n          id\n          attempt\n          queuedAt\n          finishedAt\n          error\n          attempts {\n            id\n            attempt\n            status\n            error\n          }\n        }\n      }\n    }\n  }\n": typeof types.DeadLettersDocument,
    "\n  mutation RedriveInvocation($id: ID!) {\n    redriveInvocation(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RedriveInvocationDocument,
    "\n  query Users {\n    users {\n      id\n      email\n      role\n      disabled\n      createdAt\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": typeof types.SetUserRoleDocument,
    "\n  mutation SetUserDisabled($id: ID!, $disabled: Boolean!) {\n    setUserDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": typeof types.SetUserDisabledDocument,
};
const documents: Documents = {
    "\n  mutation SetAlias($functionId: ID!, $name: String!, $version: Int!, $canary: CanaryInput) {\n    setAlias(functionId: $functionId, name: $name, version: $version, canary: $canary) {\n      name\n      version\n      canary {\n        version\n        weight\n      }\n    }\n  }\n": types.SetAliasDocument,
    "\n  mutation DeleteAlias($functionId: ID!, $name: String!) {\n    deleteAlias(functionId: $functionId, name: $name)\n  }\n": types.DeleteAliasDocument,
    "\n  mutation RollbackFunction($id: ID!, $version: Int!) {\n    rollbackFunction(id: $id, version: $version) {\n      id\n      version\n      code\n      env\n      handler\n      bundleSha256\n      timeoutMs\n      memoryMb\n    }\n  }\n": types.RollbackFunctionDocument,
    "\n  fragment ViewerFields on User {\n    id\n    email\n    role\n  }\n": types.ViewerFieldsFragmentDoc,
    "\n  fragment SessionFields on AuthPayload {\n    token\n    user {\n      ...ViewerFields\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n": types.MeDocument,
    "\n  mutation Register($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n": types.LoginDocument,
    "\n  fragment BuildSummary on Build {\n    id\n    status\n    version\n    log\n    startedAt\n    finishedAt\n  }\n": types.BuildSummaryFragmentDoc,
    "\n  subscription BuildLog($functionId: ID!) {\n    buildLog(functionId: $functionId) {\n      buildId\n      status\n      text\n    }\n  }\n": types.BuildLogDocument,
    "\n  fragment FunctionDetail on Function {\n    id\n    name\n    runtime\n    code\n    handler\n    bundleSha256\n    files {\n      ...BundleFile\n    }\n    route\n    access\n    timeoutMs\n    memoryMb\n    network\n    egressAllow\n    env\n    secrets\n    version\n    liveVersion\n    dependencies\n    build {\n      ...BuildSummary\n    }\n    createdAt\n    updatedAt\n  }\n": types.FunctionDetailFragmentDoc,
    "\n  fragment BundleFile on FunctionFile {\n    path\n    size\n    base64\n    executable\n    content\n  }\n": types.BundleFileFragmentDoc,
    "\n  query Functions {\n    functions {\n      id\n      name\n      runtime\n      route\n      access\n      timeoutMs\n      memoryMb\n      version\n      updatedAt\n      metrics(window: LAST_DAY) {\n        invocations\n        errorRate\n        p95Ms\n        lastInvokedAt\n      }\n      metricsSeries(resolution: MINUTE) {\n        time\n        invocations\n      }\n    }\n  }\n": types.FunctionsDocument,
    "\n  query Function($id: ID!) {\n    function(id: $id) {\n      ...FunctionDetail\n    }\n  }\n": types.FunctionDocument,
    "\n  mutation CreateFunction($input: CreateFunctionInput!) {\n    createFunction(input: $input) {\n      ...FunctionDetail\n    }\n  }\n": types.CreateFunctionDocument,
    "\n  mutation UpdateFunction($id: ID!, $input: UpdateFunctionInput!) {\n    updateFunction(id: $id, input: $input) {\n      ...FunctionDetail\n    }\n  }\n": types.UpdateFunctionDocument,
    "\n  mutation DeleteFunction($id: ID!) {\n    deleteFunction(id: $id)\n  }\n": types.DeleteFunctionDocument,
    "\n  query FunctionVersions($id: ID!) {\n    function(id: $id) {\n      id\n      version\n      aliases {\n        name\n        version\n        canary {\n          version\n          weight\n        }\n      }\n      versions {\n        version\n        name\n        runtime\n        route\n        timeoutMs\n        memoryMb\n        network\n        egressAllow\n        secrets\n        env\n        createdAt\n        code\n        handler\n        bundleSha256\n        dependencies\n        build {\n          status\n        }\n        files {\n          ...BundleFile\n        }\n      }\n    }\n  }\n": types.FunctionVersionsDocument,
    "\n  subscription FunctionEvents {\n    functionEvents {\n      type\n      function {\n        id\n        name\n      }\n    }\n  }\n": types.FunctionEventsDocument,
    "\n  fragment InvocationSummary on Invocation {\n    id\n    functionId\n    functionVersion\n    status\n    trigger\n    coldStart\n    durationMs\n    memoryPeakMb\n    queuedAt\n    startedAt\n    finishedAt\n    error\n  }\n": types.InvocationSummaryFragmentDoc,
    "\n  fragment InvocationPage on InvocationConnection {\n    edges {\n      cursor\n      node {\n        ...InvocationSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n": types.InvocationPageFragmentDoc,
    "\n  mutation InvokeFunction($id: ID!, $input: JSON) {\n    invokeFunction(id: $id, input: $input) {\n      ...InvocationSummary\n      result\n      logs\n      logsTruncated\n      initMs\n    }\n  }\n": types.InvokeFunctionDocument,
    "\n  query Invocations($functionId: ID, $first: Int, $after: String, $status: InvocationStatus) {\n    invocations(functionId: $functionId, first: $first, after: $after, status: $status) {\n      ...InvocationPage\n    }\n  }\n": types.InvocationsDocument,
    "\n  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {\n    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {\n      ...InvocationPage\n    }\n  }\n": types.SearchInvocationsDocument,
    "\n  query Invocation($id: ID!) {\n    invocation(id: $id) {\n      ...InvocationSummary\n      input\n      result\n      logs\n      logsTruncated\n      initMs\n      cpuMs\n      node\n      parentInvocationId\n      callDepth\n    }\n  }\n": types.InvocationDocument,
    "\n  subscription InvocationEvents($functionId: ID) {\n    invocationEvents(functionId: $functionId) {\n      type\n      invocation {\n        ...InvocationSummary\n      }\n    }\n  }\n": types.InvocationEventsDocument,
    "\n  fragment LogChunkFields on LogChunk {\n    invocationId\n    seq\n    offset\n    text\n    final\n    at\n  }\n": types.LogChunkFieldsFragmentDoc,
    "\n  subscription InvocationLogs($invocationId: ID!) {\n    invocationLogs(invocationId: $invocationId) {\n      ...LogChunkFields\n    }\n  }\n": types.InvocationLogsDocument,
    "\n  subscription FunctionLogs($functionId: ID!) {\n    functionLogs(functionId: $functionId) {\n      ...LogChunkFields\n    }\n  }\n": types.FunctionLogsDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    revokedAt\n    invokeOnly\n    functions\n    expiresAt\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {\n    createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) {\n      key\n      accessKeyId\n      secretAccessKey\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n": types.RevokeApiKeyDocument,
    "\n  fragment MetricsFields on FunctionMetrics {\n    window\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    p99Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n    lastInvokedAt\n  }\n": types.MetricsFieldsFragmentDoc,
    "\n  fragment MetricsPointFields on MetricsPoint {\n    time\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n  }\n": types.MetricsPointFieldsFragmentDoc,
    "\n  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {\n    function(id: $id) {\n      id\n      metricsSeries(resolution: $resolution) {\n        ...MetricsPointFields\n      }\n    }\n  }\n": types.FunctionMetricsSeriesDocument,
    "\n  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {\n    functionMetrics(functionId: $functionId, window: $window) {\n      ...MetricsFields\n    }\n  }\n": types.FunctionMetricsDocument,
    "\n  query MetricsOverview($window: MetricsWindow) {\n    metricsOverview(window: $window) {\n      scope\n      window\n      totals {\n        ...MetricsFields\n      }\n    }\n  }\n": types.MetricsOverviewDocument,
    "\n  subscription PlatformStats {\n    platformStats {\n      at\n      containers\n      invocationsPerSecond\n      queueDepth\n      runtimes {\n        runtime\n        busy\n        warm\n        stemCells\n      }\n    }\n  }\n": types.PlatformStatsDocument,
    "\n  query Nodes {\n    nodes {\n      id\n      url\n      status\n      containers\n      load\n      startedAt\n      lastSeenAt\n    }\n  }\n": types.NodesDocument,
    "\n  fragment QuotaFields on User {\n    id\n    quota {\n      maxFunctions\n      maxConcurrency\n      maxQueuedBytes\n      maxProvisioned\n      custom\n    }\n    usage {\n      functions\n      containers\n      queuedBytes\n      provisionedConcurrency\n      provisionedContainers\n    }\n  }\n": types.QuotaFieldsFragmentDoc,
    "\n  query UserQuotas {\n    users {\n      ...QuotaFields\n    }\n  }\n": types.UserQuotasDocument,
    "\n  mutation SetUserQuota($userId: ID!, $input: UserQuotaInput!) {\n    setUserQuota(userId: $userId, input: $input) {\n      ...QuotaFields\n    }\n  }\n": types.SetUserQuotaDocument,
    "\n  fragment FunctionConcurrencyFields on Function {\n    id\n    concurrency\n    provisionedConcurrency\n    provisionedReady\n  }\n": types.FunctionConcurrencyFieldsFragmentDoc,
    "\n  query FunctionConcurrency($id: ID!) {\n    function(id: $id) {\n      ...FunctionConcurrencyFields\n    }\n    me {\n      ...QuotaFields\n    }\n  }\n": types.FunctionConcurrencyDocument,
    "\n  mutation SetFunctionConcurrency($id: ID!, $input: FunctionConcurrencyInput!) {\n    setFunctionConcurrency(id: $id, input: $input) {\n      ...FunctionConcurrencyFields\n    }\n  }\n": types.SetFunctionConcurrencyDocument,
    "\n  fragment SecretFields on Secret {\n    name\n    createdAt\n    updatedAt\n  }\n": types.SecretFieldsFragmentDoc,
    "\n  query Secrets {\n    secrets {\n      ...SecretFields\n    }\n  }\n": types.SecretsDocument,
    "\n  mutation SetSecret($name: String!, $value: String!) {\n    setSecret(name: $name, value: $value) {\n      ...SecretFields\n    }\n  }\n": types.SetSecretDocument,
    "\n  mutation DeleteSecret($name: String!) {\n    deleteSecret(name: $name)\n  }\n": types.DeleteSecretDocument,
    "\n  fragment ScheduleDetail on Schedule {\n    id\n    expression\n    timezone\n    input\n    enabled\n    nextRunAt\n    lastRunAt\n    skippedRuns\n    lastSkippedAt\n    runs(first: 5) {\n      id\n      status\n      queuedAt\n      error\n    }\n  }\n": types.ScheduleDetailFragmentDoc,
    "\n  query FunctionSchedules($id: ID!) {\n    function(id: $id) {\n      id\n      schedules {\n        ...ScheduleDetail\n      }\n    }\n  }\n": types.FunctionSchedulesDocument,
    "\n  mutation CreateSchedule($functionId: ID!, $input: ScheduleInput!) {\n    createSchedule(functionId: $functionId, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n": types.CreateScheduleDocument,
    "\n  mutation UpdateSchedule($id: ID!, $input: ScheduleUpdateInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n": types.UpdateScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": types.DeleteScheduleDocument,
    "\n  query DeadLetters($functionId: ID) {\n    deadLetters(functionId: $functionId, first: 20) {\n      edges {\n        node {\n          id\n          attempt\n          queuedAt\n          finishedAt\n          error\n          attempts {\n            id\n            attempt\n            status\n            error\n          }\n        }\n      }\n    }\n  }\n": types.DeadLettersDocument,
    "\n  mutation RedriveInvocation($id: ID!) {\n    redriveInvocation(id: $id) {\n      id\n      status\n    }\n  }\n": types.RedriveInvocationDocument,
    "\n  query Users {\n    users {\n      id\n      email\n      role\n      disabled\n      createdAt\n    }\n  }\n": types.UsersDocument,
    "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n": types.SetUserRoleDocument,
    "\n  mutation SetUserDisabled($id: ID!, $disabled: Boolean!) {\n    setUserDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": types.SetUserDisabledDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetAlias($functionId: ID!, $name: String!, $version: Int!, $canary: CanaryInput) {\n    setAlias(functionId: $functionId, name: $name, version: $version, canary: $canary) {\n      name\n      version\n      canary {\n        version\n        weight\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetAlias($functionId: ID!, $name: String!, $version: Int!, $canary: CanaryInput) {\n    setAlias(functionId: $functionId, name: $name, version: $version, canary: $canary) {\n      name\n      version\n      canary {\n        version\n        weight\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAlias($functionId: ID!, $name: String!) {\n    deleteAlias(functionId: $functionId, name: $name)\n  }\n"): (typeof documents)["\n  mutation DeleteAlias($functionId: ID!, $name: String!) {\n    deleteAlias(functionId: $functionId, name: $name)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RollbackFunction($id: ID!, $version: Int!) {\n    rollbackFunction(id: $id, version: $version) {\n      id\n      version\n      code\n      env\n      handler\n      bundleSha256\n      timeoutMs\n      memoryMb\n    }\n  }\n"): (typeof documents)["\n  mutation RollbackFunction($id: ID!, $version: Int!) {\n    rollbackFunction(id: $id, version: $version) {\n      id\n      version\n      code\n      env\n      handler\n      bundleSha256\n      timeoutMs\n      memoryMb\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ViewerFields on User {\n    id\n    email\n    role\n  }\n"): (typeof documents)["\n  fragment ViewerFields on User {\n    id\n    email\n    role\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    token\n    user {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    token\n    user {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...ViewerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($email: String!, $password: String!) {\n    register(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BuildSummary on Build {\n    id\n    status\n    version\n    log\n    startedAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment BuildSummary on Build {\n    id\n    status\n    version\n    log\n    startedAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BuildLog($functionId: ID!) {\n    buildLog(functionId: $functionId) {\n      buildId\n      status\n      text\n    }\n  }\n"): (typeof documents)["\n  subscription BuildLog($functionId: ID!) {\n    buildLog(functionId: $functionId) {\n      buildId\n      status\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FunctionDetail on Function {\n    id\n    name\n    runtime\n    code\n    handler\n    bundleSha256\n    files {\n      ...BundleFile\n    }\n    route\n    access\n    timeoutMs\n    memoryMb\n    network\n    egressAllow\n    env\n    secrets\n    version\n    liveVersion\n    dependencies\n    build {\n      ...BuildSummary\n    }\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment FunctionDetail on Function {\n    id\n    name\n    runtime\n    code\n    handler\n    bundleSha256\n    files {\n      ...BundleFile\n    }\n    route\n    access\n    timeoutMs\n    memoryMb\n    network\n    egressAllow\n    env\n    secrets\n    version\n    liveVersion\n    dependencies\n    build {\n      ...BuildSummary\n    }\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BundleFile on FunctionFile {\n    path\n    size\n    base64\n    executable\n    content\n  }\n"): (typeof documents)["\n  fragment BundleFile on FunctionFile {\n    path\n    size\n    base64\n    executable\n    content\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Functions {\n    functions {\n      id\n      name\n      runtime\n      route\n      access\n      timeoutMs\n      memoryMb\n      version\n      updatedAt\n      metrics(window: LAST_DAY) {\n        invocations\n        errorRate\n        p95Ms\n        lastInvokedAt\n      }\n      metricsSeries(resolution: MINUTE) {\n        time\n        invocations\n      }\n    }\n  }\n"): (typeof documents)["\n  query Functions {\n    functions {\n      id\n      name\n      runtime\n      route\n      access\n      timeoutMs\n      memoryMb\n      version\n      updatedAt\n      metrics(window: LAST_DAY) {\n        invocations\n        errorRate\n        p95Ms\n        lastInvokedAt\n      }\n      metricsSeries(resolution: MINUTE) {\n        time\n        invocations\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Function($id: ID!) {\n    function(id: $id) {\n      ...FunctionDetail\n    }\n  }\n"): (typeof documents)["\n  query Function($id: ID!) {\n    function(id: $id) {\n      ...FunctionDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateFunction($input: CreateFunctionInput!) {\n    createFunction(input: $input) {\n      ...FunctionDetail\n    }\n  }\n"): (typeof documents)["\n  mutation CreateFunction($input: CreateFunctionInput!) {\n    createFunction(input: $input) {\n      ...FunctionDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateFunction($id: ID!, $input: UpdateFunctionInput!) {\n    updateFunction(id: $id, input: $input) {\n      ...FunctionDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateFunction($id: ID!, $input: UpdateFunctionInput!) {\n    updateFunction(id: $id, input: $input) {\n      ...FunctionDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteFunction($id: ID!) {\n    deleteFunction(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteFunction($id: ID!) {\n    deleteFunction(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FunctionVersions($id: ID!) {\n    function(id: $id) {\n      id\n      version\n      aliases {\n        name\n        version\n        canary {\n          version\n          weight\n        }\n      }\n      versions {\n        version\n        name\n        runtime\n        route\n        timeoutMs\n        memoryMb\n        network\n        egressAllow\n        secrets\n        env\n        createdAt\n        code\n        handler\n        bundleSha256\n        dependencies\n        build {\n          status\n        }\n        files {\n          ...BundleFile\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query FunctionVersions($id: ID!) {\n    function(id: $id) {\n      id\n      version\n      aliases {\n        name\n        version\n        canary {\n          version\n          weight\n        }\n      }\n      versions {\n        version\n        name\n        runtime\n        route\n        timeoutMs\n        memoryMb\n        network\n        egressAllow\n        secrets\n        env\n        createdAt\n        code\n        handler\n        bundleSha256\n        dependencies\n        build {\n          status\n        }\n        files {\n          ...BundleFile\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FunctionEvents {\n    functionEvents {\n      type\n      function {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription FunctionEvents {\n    functionEvents {\n      type\n      function {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvocationSummary on Invocation {\n    id\n    functionId\n    functionVersion\n    status\n    trigger\n    coldStart\n    durationMs\n    memoryPeakMb\n    queuedAt\n    startedAt\n    finishedAt\n    error\n  }\n"): (typeof documents)["\n  fragment InvocationSummary on Invocation {\n    id\n    functionId\n    functionVersion\n    status\n    trigger\n    coldStart\n    durationMs\n    memoryPeakMb\n    queuedAt\n    startedAt\n    finishedAt\n    error\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InvocationPage on InvocationConnection {\n    edges {\n      cursor\n      node {\n        ...InvocationSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n"): (typeof documents)["\n  fragment InvocationPage on InvocationConnection {\n    edges {\n      cursor\n      node {\n        ...InvocationSummary\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InvokeFunction($id: ID!, $input: JSON) {\n    invokeFunction(id: $id, input: $input) {\n      ...InvocationSummary\n      result\n      logs\n      logsTruncated\n      initMs\n    }\n  }\n"): (typeof documents)["\n  mutation InvokeFunction($id: ID!, $input: JSON) {\n    invokeFunction(id: $id, input: $input) {\n      ...InvocationSummary\n      result\n      logs\n      logsTruncated\n      initMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invocations($functionId: ID, $first: Int, $after: String, $status: InvocationStatus) {\n    invocations(functionId: $functionId, first: $first, after: $after, status: $status) {\n      ...InvocationPage\n    }\n  }\n"): (typeof documents)["\n  query Invocations($functionId: ID, $first: Int, $after: String, $status: InvocationStatus) {\n    invocations(functionId: $functionId, first: $first, after: $after, status: $status) {\n      ...InvocationPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {\n    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {\n      ...InvocationPage\n    }\n  }\n"): (typeof documents)["\n  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {\n    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {\n      ...InvocationPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Invocation($id: ID!) {\n    invocation(id: $id) {\n      ...InvocationSummary\n      input\n      result\n      logs\n      logsTruncated\n      initMs\n      cpuMs\n      node\n      parentInvocationId\n      callDepth\n    }\n  }\n"): (typeof documents)["\n  query Invocation($id: ID!) {\n    invocation(id: $id) {\n      ...InvocationSummary\n      input\n      result\n      logs\n      logsTruncated\n      initMs\n      cpuMs\n      node\n      parentInvocationId\n      callDepth\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InvocationEvents($functionId: ID) {\n    invocationEvents(functionId: $functionId) {\n      type\n      invocation {\n        ...InvocationSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription InvocationEvents($functionId: ID) {\n    invocationEvents(functionId: $functionId) {\n      type\n      invocation {\n        ...InvocationSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogChunkFields on LogChunk {\n    invocationId\n    seq\n    offset\n    text\n    final\n    at\n  }\n"): (typeof documents)["\n  fragment LogChunkFields on LogChunk {\n    invocationId\n    seq\n    offset\n    text\n    final\n    at\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InvocationLogs($invocationId: ID!) {\n    invocationLogs(invocationId: $invocationId) {\n      ...LogChunkFields\n    }\n  }\n"): (typeof documents)["\n  subscription InvocationLogs($invocationId: ID!) {\n    invocationLogs(invocationId: $invocationId) {\n      ...LogChunkFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FunctionLogs($functionId: ID!) {\n    functionLogs(functionId: $functionId) {\n      ...LogChunkFields\n    }\n  }\n"): (typeof documents)["\n  subscription FunctionLogs($functionId: ID!) {\n    functionLogs(functionId: $functionId) {\n      ...LogChunkFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    revokedAt\n    invokeOnly\n    functions\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    createdAt\n    lastUsedAt\n    revokedAt\n    invokeOnly\n    functions\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {\n    createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) {\n      key\n      accessKeyId\n      secretAccessKey\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {\n    createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) {\n      key\n      accessKeyId\n      secretAccessKey\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MetricsFields on FunctionMetrics {\n    window\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    p99Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n    lastInvokedAt\n  }\n"): (typeof documents)["\n  fragment MetricsFields on FunctionMetrics {\n    window\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    p99Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n    lastInvokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MetricsPointFields on MetricsPoint {\n    time\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n  }\n"): (typeof documents)["\n  fragment MetricsPointFields on MetricsPoint {\n    time\n    invocations\n    successes\n    errors\n    timeouts\n    ooms\n    coldStarts\n    errorRate\n    p50Ms\n    p95Ms\n    avgMs\n    avgMemoryMb\n    maxMemoryMb\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {\n    function(id: $id) {\n      id\n      metricsSeries(resolution: $resolution) {\n        ...MetricsPointFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {\n    function(id: $id) {\n      id\n      metricsSeries(resolution: $resolution) {\n        ...MetricsPointFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {\n    functionMetrics(functionId: $functionId, window: $window) {\n      ...MetricsFields\n    }\n  }\n"): (typeof documents)["\n  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {\n    functionMetrics(functionId: $functionId, window: $window) {\n      ...MetricsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricsOverview($window: MetricsWindow) {\n    metricsOverview(window: $window) {\n      scope\n      window\n      totals {\n        ...MetricsFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query MetricsOverview($window: MetricsWindow) {\n    metricsOverview(window: $window) {\n      scope\n      window\n      totals {\n        ...MetricsFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PlatformStats {\n    platformStats {\n      at\n      containers\n      invocationsPerSecond\n      queueDepth\n      runtimes {\n        runtime\n        busy\n        warm\n        stemCells\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription PlatformStats {\n    platformStats {\n      at\n      containers\n      invocationsPerSecond\n      queueDepth\n      runtimes {\n        runtime\n        busy\n        warm\n        stemCells\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nodes {\n    nodes {\n      id\n      url\n      status\n      containers\n      load\n      startedAt\n      lastSeenAt\n    }\n  }\n"): (typeof documents)["\n  query Nodes {\n    nodes {\n      id\n      url\n      status\n      containers\n      load\n      startedAt\n      lastSeenAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuotaFields on User {\n    id\n    quota {\n      maxFunctions\n      maxConcurrency\n      maxQueuedBytes\n      maxProvisioned\n      custom\n    }\n    usage {\n      functions\n      containers\n      queuedBytes\n      provisionedConcurrency\n      provisionedContainers\n    }\n  }\n"): (typeof documents)["\n  fragment QuotaFields on User {\n    id\n    quota {\n      maxFunctions\n      maxConcurrency\n      maxQueuedBytes\n      maxProvisioned\n      custom\n    }\n    usage {\n      functions\n      containers\n      queuedBytes\n      provisionedConcurrency\n      provisionedContainers\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserQuotas {\n    users {\n      ...QuotaFields\n    }\n  }\n"): (typeof documents)["\n  query UserQuotas {\n    users {\n      ...QuotaFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserQuota($userId: ID!, $input: UserQuotaInput!) {\n    setUserQuota(userId: $userId, input: $input) {\n      ...QuotaFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserQuota($userId: ID!, $input: UserQuotaInput!) {\n    setUserQuota(userId: $userId, input: $input) {\n      ...QuotaFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FunctionConcurrencyFields on Function {\n    id\n    concurrency\n    provisionedConcurrency\n    provisionedReady\n  }\n"): (typeof documents)["\n  fragment FunctionConcurrencyFields on Function {\n    id\n    concurrency\n    provisionedConcurrency\n    provisionedReady\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FunctionConcurrency($id: ID!) {\n    function(id: $id) {\n      ...FunctionConcurrencyFields\n    }\n    me {\n      ...QuotaFields\n    }\n  }\n"): (typeof documents)["\n  query FunctionConcurrency($id: ID!) {\n    function(id: $id) {\n      ...FunctionConcurrencyFields\n    }\n    me {\n      ...QuotaFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetFunctionConcurrency($id: ID!, $input: FunctionConcurrencyInput!) {\n    setFunctionConcurrency(id: $id, input: $input) {\n      ...FunctionConcurrencyFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetFunctionConcurrency($id: ID!, $input: FunctionConcurrencyInput!) {\n    setFunctionConcurrency(id: $id, input: $input) {\n      ...FunctionConcurrencyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SecretFields on Secret {\n    name\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment SecretFields on Secret {\n    name\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Secrets {\n    secrets {\n      ...SecretFields\n    }\n  }\n"): (typeof documents)["\n  query Secrets {\n    secrets {\n      ...SecretFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetSecret($name: String!, $value: String!) {\n    setSecret(name: $name, value: $value) {\n      ...SecretFields\n    }\n  }\n"): (typeof documents)["\n  mutation SetSecret($name: String!, $value: String!) {\n    setSecret(name: $name, value: $value) {\n      ...SecretFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSecret($name: String!) {\n    deleteSecret(name: $name)\n  }\n"): (typeof documents)["\n  mutation DeleteSecret($name: String!) {\n    deleteSecret(name: $name)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScheduleDetail on Schedule {\n    id\n    expression\n    timezone\n    input\n    enabled\n    nextRunAt\n    lastRunAt\n    skippedRuns\n    lastSkippedAt\n    runs(first: 5) {\n      id\n      status\n      queuedAt\n      error\n    }\n  }\n"): (typeof documents)["\n  fragment ScheduleDetail on Schedule {\n    id\n    expression\n    timezone\n    input\n    enabled\n    nextRunAt\n    lastRunAt\n    skippedRuns\n    lastSkippedAt\n    runs(first: 5) {\n      id\n      status\n      queuedAt\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FunctionSchedules($id: ID!) {\n    function(id: $id) {\n      id\n      schedules {\n        ...ScheduleDetail\n      }\n    }\n  }\n"): (typeof documents)["\n  query FunctionSchedules($id: ID!) {\n    function(id: $id) {\n      id\n      schedules {\n        ...ScheduleDetail\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($functionId: ID!, $input: ScheduleInput!) {\n    createSchedule(functionId: $functionId, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSchedule($functionId: ID!, $input: ScheduleInput!) {\n    createSchedule(functionId: $functionId, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSchedule($id: ID!, $input: ScheduleUpdateInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSchedule($id: ID!, $input: ScheduleUpdateInput!) {\n    updateSchedule(id: $id, input: $input) {\n      ...ScheduleDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeadLetters($functionId: ID) {\n    deadLetters(functionId: $functionId, first: 20) {\n      edges {\n        node {\n          id\n          attempt\n          queuedAt\n          finishedAt\n          error\n          attempts {\n            id\n            attempt\n            status\n            error\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DeadLetters($functionId: ID) {\n    deadLetters(functionId: $functionId, first: 20) {\n      edges {\n        node {\n          id\n          attempt\n          queuedAt\n          finishedAt\n          error\n          attempts {\n            id\n            attempt\n            status\n            error\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedriveInvocation($id: ID!) {\n    redriveInvocation(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RedriveInvocation($id: ID!) {\n    redriveInvocation(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users {\n    users {\n      id\n      email\n      role\n      disabled\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query Users {\n    users {\n      id\n      email\n      role\n      disabled\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserRole($id: ID!, $role: Role!) {\n    setUserRole(id: $id, role: $role) {\n      id\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserDisabled($id: ID!, $disabled: Boolean!) {\n    setUserDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserDisabled($id: ID!, $disabled: Boolean!) {\n    setUserDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;