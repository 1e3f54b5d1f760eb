import { graphql } from '../gql';

// Secrets: write-only, so no operation reads a value back (secrets page, SecretPicker on the function form).

export const SecretFields = graphql(`
  fragment SecretFields on Secret {
    name
    createdAt
    updatedAt
  }
`);

export const SecretsQuery = graphql(`
  query Secrets {
    secrets {
      ...SecretFields
    }
  }
`);

export const SetSecretMutation = graphql(`
  mutation SetSecret($name: String!, $value: String!) {
    setSecret(name: $name, value: $value) {
      ...SecretFields
    }
  }
`);

export const DeleteSecretMutation = graphql(`
  mutation DeleteSecret($name: String!) {
    deleteSecret(name: $name)
  }
`);
