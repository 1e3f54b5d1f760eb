import { graphql } from '../gql';

// Quotas, usage and a function's concurrency (users page: QuotaEditor; function page: ConcurrencyPanel).

export const QuotaFields = graphql(`
  fragment QuotaFields on User {
    id
    quota {
      maxFunctions
      maxConcurrency
      maxQueuedBytes
      maxProvisioned
      custom
    }
    usage {
      functions
      containers
      queuedBytes
      provisionedConcurrency
      provisionedContainers
    }
  }
`);

export const UserQuotasQuery = graphql(`
  query UserQuotas {
    users {
      ...QuotaFields
    }
  }
`);

export const SetUserQuotaMutation = graphql(`
  mutation SetUserQuota($userId: ID!, $input: UserQuotaInput!) {
    setUserQuota(userId: $userId, input: $input) {
      ...QuotaFields
    }
  }
`);

export const FunctionConcurrencyFields = graphql(`
  fragment FunctionConcurrencyFields on Function {
    id
    concurrency
    provisionedConcurrency
    provisionedReady
  }
`);

export const FunctionConcurrencyQuery = graphql(`
  query FunctionConcurrency($id: ID!) {
    function(id: $id) {
      ...FunctionConcurrencyFields
    }
    me {
      ...QuotaFields
    }
  }
`);

export const SetFunctionConcurrencyMutation = graphql(`
  mutation SetFunctionConcurrency($id: ID!, $input: FunctionConcurrencyInput!) {
    setFunctionConcurrency(id: $id, input: $input) {
      ...FunctionConcurrencyFields
    }
  }
`);
