import { AppError, badInput, unauthenticated } from '../errors.js';
import { clientAddress, readStructuredBody, sendJson } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import type { UserRow } from './user.table.js';

/** What FastAPI answered for wrong credentials; the seed's clients may show it. */
const INCORRECT_LOGIN = 'Incorrect username or password';

/** The original service's user shape (`username` is null for accounts made without one); role and is_active are ours. */
export function seedUser(user: UserRow) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    created_at: new Date(user.created_at).toISOString(),
    role: user.role,
    is_active: user.disabled === 0,
  };
}

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badInput('Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** The seed's clients treat anything but 200 as failure and read `detail`, as FastAPI sent it. */
function asSeedError(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  // FastAPI answered a taken username or email with 400.
  if (error.code === 'CONFLICT') return badInput(error.message);
  if (error.code === 'UNAUTHENTICATED') return unauthenticated(INCORRECT_LOGIN);
  return error;
}

/** Seed-compatible `/api/v1/auth/*`: the same AuthService as GraphQL. */
export function registerAuthRoutes(router: Router, services: Services, prefix: string) {
  const limit = services.config.maxBodyBytes;

  // 200 (not 201) as the original: its frontend counts anything else as "Registration failed".
  router.on('POST', `${prefix}/auth/register`, async ({ req, res }) => {
    const body = asObject(await readStructuredBody(req, limit));
    const username = typeof body.username === 'string' ? body.username : '';
    const { token, user } = await services.auth
      .register(String(body.email ?? ''), body.password as string, clientAddress(req, services.config.trustProxy), username)
      .catch((error) => Promise.reject(asSeedError(error)));
    sendJson(res, 200, { ...seedUser(user), access_token: token, token_type: 'bearer' });
  });

  // OAuth2 password flow as FastAPI's OAuth2PasswordRequestForm: `username` is the username,
  // or the email (accounts made through GraphQL have only that).
  router.on('POST', `${prefix}/auth/token`, async ({ req, res }) => {
    const body = asObject(await readStructuredBody(req, limit));
    const login = String(body.username ?? body.email ?? '');
    const { token } = await services.auth
      .login(login, String(body.password ?? ''), clientAddress(req, services.config.trustProxy))
      .catch((error) => Promise.reject(asSeedError(error)));
    sendJson(res, 200, { access_token: token, token_type: 'bearer' });
  });
}
