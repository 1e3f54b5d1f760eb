import { graphql } from '../gql';

// The dashboard's aliases, canary and rollback (VersionHistory, TrafficPanel).

export const SetAliasMutation = graphql(`
  mutation SetAlias($functionId: ID!, $name: String!, $version: Int!, $canary: CanaryInput) {
    setAlias(functionId: $functionId, name: $name, version: $version, canary: $canary) {
      name
      version
      canary {
        version
        weight
      }
    }
  }
`);

export const DeleteAliasMutation = graphql(`
  mutation DeleteAlias($functionId: ID!, $name: String!) {
    deleteAlias(functionId: $functionId, name: $name)
  }
`);

export const RollbackFunctionMutation = graphql(`
  mutation RollbackFunction($id: ID!, $version: Int!) {
    rollbackFunction(id: $id, version: $version) {
      id
      version
      code
      env
      handler
      bundleSha256
      timeoutMs
      memoryMb
    }
  }
`);
