import { graphql } from '../gql';

// Who is signed in: sign-up, sign-in and the viewer (AuthForm, AppShell).

export const ViewerFields = graphql(`
  fragment ViewerFields on User {
    id
    email
    role
  }
`);

/** What sign-up and sign-in both return: the token and who it is for. */
export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    token
    user {
      ...ViewerFields
    }
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
      ...SessionFields
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      ...SessionFields
    }
  }
`);
