import { badInput } from '../errors.js';
import { clientAddress, readStructuredBody, sendJson } from '../http/http.util.js';
import type { Router } from '../http/router.js';
import type { Services } from '../services.js';
import type { UserRow } from './user.table.js';

/** The original service's user shape. */
export function seedUser(user: UserRow) {
  return { id: user.id, username: user.email, email: user.email, role: user.role, is_active: user.disabled === 0 };
}

function asObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badInput('Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Seed-compatible `/api/v1/auth/*`: the same AuthService as GraphQL. */
export function registerAuthRoutes(router: Router, services: Services, prefix: string) {
  const limit = services.config.maxBodyBytes;

  router.on('POST', `${prefix}/auth/register`, async ({ req, res }) => {
    const body = asObject(await readStructuredBody(req, limit));
    const { token, user } = await services.auth.register(String(body.email ?? ''), body.password as string, clientAddress(req));
    sendJson(res, 201, { ...seedUser(user), access_token: token, token_type: 'bearer' });
  });

  // OAuth2 password flow as FastAPI's OAuth2PasswordRequestForm: `username` is the email.
  router.on('POST', `${prefix}/auth/token`, async ({ req, res }) => {
    const body = asObject(await readStructuredBody(req, limit));
    const email = String(body.username ?? body.email ?? '');
    const { token } = await services.auth.login(email, String(body.password ?? ''), clientAddress(req));
    sendJson(res, 200, { access_token: token, token_type: 'bearer' });
  });
}
