import { graphql } from '../gql';

// The cluster's nodes (nodes page, administrators).

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
