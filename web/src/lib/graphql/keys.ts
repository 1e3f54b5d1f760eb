import { graphql } from '../gql';

// API keys (keys page).

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
