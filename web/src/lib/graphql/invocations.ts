import { graphql } from '../gql';

// Invocations: invoking, listing and searching them, and following them and their output live.

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

/** One page of a list of invocations, for the live list and the search alike. */
export const InvocationPageFields = graphql(`
  fragment InvocationPage on InvocationConnection {
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
      ...InvocationPage
    }
  }
`);

export const SearchInvocationsQuery = graphql(`
  query SearchInvocations($functionId: ID, $filter: InvocationFilter, $first: Int, $after: String) {
    invocations(functionId: $functionId, filter: $filter, first: $first, after: $after) {
      ...InvocationPage
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

/** Output as it is printed: an invocation's own (its page) or all of a function's (live tail). */
export const LogChunkFields = graphql(`
  fragment LogChunkFields on LogChunk {
    invocationId
    seq
    offset
    text
    final
    at
  }
`);

export const InvocationLogsSubscription = graphql(`
  subscription InvocationLogs($invocationId: ID!) {
    invocationLogs(invocationId: $invocationId) {
      ...LogChunkFields
    }
  }
`);

export const FunctionLogsSubscription = graphql(`
  subscription FunctionLogs($functionId: ID!) {
    functionLogs(functionId: $functionId) {
      ...LogChunkFields
    }
  }
`);
