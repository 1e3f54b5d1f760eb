import { USERNAME_MAX } from '../../auth/username.validation.js';
import { errors, json, PUBLIC, schemaRef } from './openapi.common.js';
import type { Paths, Schema } from './openapi.types.js';

/** Shapes of server/auth/auth.rest.ts (`seedUser` and the token response). */
export const authSchemas: Record<string, Schema> = {
  Credentials: {
    type: 'object',
    required: ['username', 'email', 'password'],
    properties: {
      username: {
        type: 'string',
        minLength: 1,
        maxLength: USERNAME_MAX,
        pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
        description: 'Sign-in name, unique regardless of case. (GraphQL `register` makes accounts without one.)',
      },
      email: { type: 'string', format: 'email', maxLength: 320 },
      password: { type: 'string', minLength: 8, maxLength: 1024 },
    },
  },
  TokenRequest: {
    type: 'object',
    required: ['username', 'password'],
    description: 'OAuth2 password form as FastAPI read it; other OAuth2 fields (grant_type, scope, client_id) are ignored.',
    properties: {
      username: { type: 'string', description: 'The username, or the email (any case). `email` is accepted instead in a JSON body.' },
      password: { type: 'string' },
    },
  },
  Token: {
    type: 'object',
    required: ['access_token', 'token_type'],
    properties: {
      access_token: { type: 'string', description: 'A JWT (HS256); send it as `Authorization: Bearer <access_token>`.' },
      token_type: { type: 'string', const: 'bearer' },
    },
  },
  RegisteredUser: {
    type: 'object',
    description: 'The original service\'s user (id, username, email, created_at); the rest are fnbox additions.',
    required: ['id', 'username', 'email', 'created_at', 'role', 'is_active', 'access_token', 'token_type'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      username: { type: ['string', 'null'], description: 'As registered (null only for accounts made through GraphQL without one).' },
      email: { type: 'string', format: 'email', description: 'Normalised to lower case.' },
      created_at: { type: 'string', format: 'date-time' },
      role: { type: 'string', enum: ['ADMIN', 'USER'], description: 'The first user to register becomes ADMIN.' },
      is_active: { type: 'boolean' },
      access_token: { type: 'string', description: 'Signed in at once: the same token `/auth/token` issues.' },
      token_type: { type: 'string', const: 'bearer' },
    },
  },
};

const token = { access_token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...', token_type: 'bearer' };

export const authPaths: Paths = {
  '/api/v1/auth/register': {
    post: {
      operationId: 'register',
      summary: 'Create an account',
      description:
        'Registers and signs in at once: the response carries a token. Accepts JSON or a form. Answers 200, as the original ' +
        'service did (its frontend counts anything else as a failure); a taken username (any case) or email is 400 with `detail`.',
      tags: ['auth'],
      security: PUBLIC,
      requestBody: {
        required: true,
        content: {
          ...json(schemaRef('Credentials'), { username: 'ada', email: 'ada@example.com', password: 'correct horse battery' }),
          'application/x-www-form-urlencoded': { schema: schemaRef('Credentials') },
        },
      },
      responses: {
        200: {
          description: 'Created; signed in.',
          content: json(schemaRef('RegisteredUser'), {
            id: '7d0c2a8e-5a36-4f7e-9b1f-2f6f0c9f4b11',
            username: 'ada',
            email: 'ada@example.com',
            created_at: '2025-01-01T12:00:00.000Z',
            role: 'ADMIN',
            is_active: true,
            ...token,
          }),
        },
        ...errors(400, 413, 429),
      },
    },
  },
  '/api/v1/auth/token': {
    post: {
      operationId: 'login',
      summary: 'Sign in (OAuth2 password flow)',
      description:
        'Form (`application/x-www-form-urlencoded`, as FastAPI\'s `OAuth2PasswordRequestForm`) or JSON; `username` is the ' +
        'username or the email. Wrong credentials are 401 `Incorrect username or password`. ' +
        'Failed attempts are limited per account (whichever name is used) from one client address (5 in 15 minutes), per account from anywhere (100 an hour) ' +
        'and per client address (50 in 15 minutes); past any of them, 429 with Retry-After, before the password is checked.',
      tags: ['auth'],
      security: PUBLIC,
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': { schema: schemaRef('TokenRequest') },
          ...json(schemaRef('TokenRequest'), { username: 'ada', password: 'correct horse battery' }),
        },
      },
      responses: {
        200: { description: 'Signed in.', content: json(schemaRef('Token'), token) },
        ...errors(400, 401, 413, 429),
      },
    },
  },
};
