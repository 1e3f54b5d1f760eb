import { graphql } from '../gql';

// Every operation the dashboard sends. `npm run codegen` turns each into a typed document.

export const InvocationSummaryFields = graphql(`
  fragment InvocationSummary on Invocation {
    id
    functionId
    functionVersion
    status
    trigger
    coldStart
    durationMs
    memoryPeakMb
    queuedAt
    startedAt
    finishedAt
    error
  }
`);

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    email
    role
  }
`);

export const FunctionDetailFields = graphql(`
  fragment FunctionDetail on Function {
    id
    name
    runtime
    code
    handler
    bundleSha256
    files {
      ...BundleFile
    }
    route
    access
    timeoutMs
    memoryMb
    network
    egressAllow
    env
    secrets
    version
    liveVersion
    dependencies
    build {
      ...BuildSummary
    }
    createdAt
    updatedAt
  }
`);

export const BuildSummaryFields = graphql(`
  fragment BuildSummary on Build {
    id
    status
    version
    log
    startedAt
    finishedAt
  }
`);

export const BuildLogSubscription = graphql(`
  subscription BuildLog($functionId: ID!) {
    buildLog(functionId: $functionId) {
      buildId
      status
      text
    }
  }
`);

export const BundleFileFields = graphql(`
  fragment BundleFile on FunctionFile {
    path
    size
    base64
    executable
    content
  }
`);

export const FunctionVersionsQuery = graphql(`
  query FunctionVersions($id: ID!) {
    function(id: $id) {
      id
      version
      aliases {
        name
        version
        canary {
          version
          weight
        }
      }
      versions {
        version
        name
        runtime
        route
        timeoutMs
        memoryMb
        network
        egressAllow
        secrets
        env
        createdAt
        code
        handler
        bundleSha256
        dependencies
        build {
          status
        }
        files {
          ...BundleFile
        }
      }
    }
  }
`);

export const ApiKeyFields = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    prefix
    createdAt
    lastUsedAt
    revokedAt
    invokeOnly
    functions
    expiresAt
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...ViewerFields
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation Register($email: String!, $password: String!) {
    register(email: $email, password: $password) {
      token
      user {
        ...ViewerFields
      }
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
      user {
        ...ViewerFields
      }
    }
  }
`);

export const FunctionsQuery = graphql(`
  query Functions {
    functions {
      id
      name
      runtime
      route
      access
      timeoutMs
      memoryMb
      version
      updatedAt
      metrics(window: LAST_DAY) {
        invocations
        errorRate
        p95Ms
        lastInvokedAt
      }
      metricsSeries(resolution: MINUTE) {
        time
        invocations
      }
    }
  }
`);

export const FunctionQuery = graphql(`
  query Function($id: ID!) {
    function(id: $id) {
      ...FunctionDetail
    }
  }
`);

export const CreateFunctionMutation = graphql(`
  mutation CreateFunction($input: CreateFunctionInput!) {
    createFunction(input: $input) {
      ...FunctionDetail
    }
  }
`);

export const UpdateFunctionMutation = graphql(`
  mutation UpdateFunction($id: ID!, $input: UpdateFunctionInput!) {
    updateFunction(id: $id, input: $input) {
      ...FunctionDetail
    }
  }
`);

export const DeleteFunctionMutation = graphql(`
  mutation DeleteFunction($id: ID!) {
    deleteFunction(id: $id)
  }
`);

export const InvokeFunctionMutation = graphql(`
  mutation InvokeFunction($id: ID!, $input: JSON) {
    invokeFunction(id: $id, input: $input) {
      ...InvocationSummary
      result
      logs
      logsTruncated
      initMs
    }
  }
`);

export const InvocationsQuery = graphql(`
  query Invocations($functionId: ID, $first: Int, $after: String, $status: InvocationStatus) {
    invocations(functionId: $functionId, first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          ...InvocationSummary
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InvocationQuery = graphql(`
  query Invocation($id: ID!) {
    invocation(id: $id) {
      ...InvocationSummary
      input
      result
      logs
      logsTruncated
      initMs
      cpuMs
      node
      parentInvocationId
      callDepth
    }
  }
`);

export const InvocationEventsSubscription = graphql(`
  subscription InvocationEvents($functionId: ID) {
    invocationEvents(functionId: $functionId) {
      type
      invocation {
        ...InvocationSummary
      }
    }
  }
`);

export const InvocationLogsSubscription = graphql(`
  subscription InvocationLogs($invocationId: ID!) {
    invocationLogs(invocationId: $invocationId) {
      seq
      offset
      text
      final
    }
  }
`);

export const FunctionLogsSubscription = graphql(`
  subscription FunctionLogs($functionId: ID!) {
    functionLogs(functionId: $functionId) {
      invocationId
      seq
      offset
      text
      final
      at
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      ...ApiKeyFields
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $invokeOnly: Boolean, $functions: [String!], $expiresAt: DateTime) {
    createApiKey(name: $name, invokeOnly: $invokeOnly, functions: $functions, expiresAt: $expiresAt) {
      key
      accessKeyId
      secretAccessKey
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);

export const SecretsQuery = graphql(`
  query Secrets {
    secrets {
      name
      createdAt
      updatedAt
    }
  }
`);

export const SetSecretMutation = graphql(`
  mutation SetSecret($name: String!, $value: String!) {
    setSecret(name: $name, value: $value) {
      name
      createdAt
      updatedAt
    }
  }
`);

export const DeleteSecretMutation = graphql(`
  mutation DeleteSecret($name: String!) {
    deleteSecret(name: $name)
  }
`);

export const UsersQuery = graphql(`
  query Users {
    users {
      id
      email
      role
      disabled
      createdAt
    }
  }
`);

export const NodesQuery = graphql(`
  query Nodes {
    nodes {
      id
      url
      status
      containers
      load
      startedAt
      lastSeenAt
    }
  }
`);

export const SetUserRoleMutation = graphql(`
  mutation SetUserRole($id: ID!, $role: Role!) {
    setUserRole(id: $id, role: $role) {
      id
      role
    }
  }
`);

export const SetUserDisabledMutation = graphql(`
  mutation SetUserDisabled($id: ID!, $disabled: Boolean!) {
    setUserDisabled(id: $id, disabled: $disabled) {
      id
      disabled
    }
  }
`);

export const MetricsFields = graphql(`
  fragment MetricsFields on FunctionMetrics {
    window
    invocations
    successes
    errors
    timeouts
    ooms
    coldStarts
    errorRate
    p50Ms
    p95Ms
    p99Ms
    avgMs
    avgMemoryMb
    maxMemoryMb
    lastInvokedAt
  }
`);

export const MetricsPointFields = graphql(`
  fragment MetricsPointFields on MetricsPoint {
    time
    invocations
    successes
    errors
    timeouts
    ooms
    coldStarts
    errorRate
    p50Ms
    p95Ms
    avgMs
    avgMemoryMb
    maxMemoryMb
  }
`);

export const FunctionMetricsSeriesQuery = graphql(`
  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {
    function(id: $id) {
      id
      metricsSeries(resolution: $resolution) {
        ...MetricsPointFields
      }
    }
  }
`);

export const FunctionMetricsSubscription = graphql(`
  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {
    functionMetrics(functionId: $functionId, window: $window) {
      ...MetricsFields
    }
  }
`);

export const MetricsOverviewQuery = graphql(`
  query MetricsOverview($window: MetricsWindow) {
    metricsOverview(window: $window) {
      scope
      window
      totals {
        ...MetricsFields
      }
    }
  }
`);

export const PlatformStatsSubscription = graphql(`
  subscription PlatformStats {
    platformStats {
      at
      containers
      invocationsPerSecond
      queueDepth
      runtimes {
        runtime
        busy
        warm
        stemCells
      }
    }
  }
`);

export const FunctionEventsSubscription = graphql(`
  subscription FunctionEvents {
    functionEvents {
      type
      function {
        id
        name
      }
    }
  }
`);

export const SearchInvocationsQuery = graphql(`
  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {
    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {
      edges {
        node {
          ...InvocationSummary
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
