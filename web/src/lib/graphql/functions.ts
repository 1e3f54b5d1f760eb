import { graphql } from '../gql';

// Functions: the list, one function with its code and settings, its versions, and changes as they happen.

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

export const BundleFileFields = graphql(`
  fragment BundleFile on FunctionFile {
    path
    size
    base64
    executable
    content
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
