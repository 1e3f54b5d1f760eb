import { graphql } from '../gql';

// Dependency builds of a function version (BuildPanel).

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
