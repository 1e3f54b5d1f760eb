import { graphql } from '../gql';

// Accounts an administrator manages (users page; quotas are in quotas.ts).

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
