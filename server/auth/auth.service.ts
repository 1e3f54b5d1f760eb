import crypto from 'node:crypto';
import argon2 from 'argon2';
import jwt from 'jsonwebtoken';
import { badInput, conflict, unauthenticated } from '../errors.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { ApiKeyService } from './api-key.service.js';
import { CredentialChanges, type CredentialsListener } from './credential.changes.js';
import type { LoginThrottle } from './login.throttle.js';
import type { ClientLimit } from '../ratelimit/client.limiter.js';
import type { UserRow } from './user.table.js';
import type { UserRepository } from './user.repository.js';
import { validateUsername } from './username.validation.js';
import type { KeyScope } from './key.scope.js';
import type { Viewer } from './viewer.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const INVALID_LOGIN = 'Invalid email or password';
const EMAIL_TAKEN = 'An account with this email already exists';
const USERNAME_TAKEN = 'An account with this username already exists';
const VERIFIED_TOKENS_KEPT = 1000;

export interface AuthPayload {
  token: string;
  user: UserRow;
}

export class AuthService {
  /** Verified against when an email is unknown, so both paths cost the same. */
  private readonly dummyHash: Promise<string>;
  /**
   * The HMAC key, imported once. Given a string, jsonwebtoken first tries it as a PEM public
   * key (createPublicKey throws) on every verify: ~a quarter of a warm route call's CPU.
   */
  private readonly key: crypto.KeyObject;
  /**
   * Tokens whose signature already checked out, with their subject and expiry: a client
   * sends the same token on every call, and verifying it again was ~7% of the server's CPU
   * under warm route load. Bounded; expiry is still enforced; the user is still looked up
   * (disabled users are refused at once) on every request.
   */
  private readonly verified = new Map<string, { sub: string | undefined; expiresAt: number }>();

  constructor(
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyService,
    private readonly throttle: LoginThrottle,
    private readonly secret: string,
    private readonly expiresIn: string,
    private readonly registrations?: ClientLimit,
    private readonly credentials = new CredentialChanges(),
  ) {
    this.key = crypto.createSecretKey(Buffer.from(secret));
    credentials.on((userId) => users.forget(userId));
    this.dummyHash = argon2.hash(crypto.randomBytes(16).toString('hex'), { type: argon2.argon2id });
  }

  /** `username` is optional (GraphQL); the seed-compatible API requires it. */
  async register(emailInput: string, password: string, clientAddress = 'unknown', usernameInput?: string | null): Promise<AuthPayload> {
    await this.registrations?.take(clientAddress);
    const email = normaliseEmail(emailInput);
    if (!EMAIL.test(email)) throw badInput('email must be a valid email address');
    const username = usernameInput == null ? null : validateUsername(usernameInput);
    if (typeof password !== 'string' || password.length < 8) throw badInput('password must be at least 8 characters');
    if (password.length > 1024) throw badInput('password must be at most 1024 characters');
    if (await this.users.findByEmail(email)) throw conflict(EMAIL_TAKEN);
    if (username !== null && (await this.users.findByUsername(username))) throw conflict(USERNAME_TAKEN);
    const now = Date.now();
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    try {
      const user = await this.users.insertWithFirstAdmin({
        id: crypto.randomUUID(),
        email,
        username,
        password_hash: passwordHash,
        disabled: 0,
        created_at: now,
        updated_at: now,
      });
      return { token: this.issueToken(user), user };
    } catch (error) {
      // A concurrent registration won the race between the checks above and the insert.
      if (isUniqueViolation(error, 'username')) throw conflict(USERNAME_TAKEN);
      if (isUniqueViolation(error, 'email')) throw conflict(EMAIL_TAKEN);
      throw error;
    }
  }

  /** `login` is the account's email or, when it has no "@", its username (any case). */
  async login(login: string, password: string, clientAddress = 'unknown'): Promise<AuthPayload> {
    const name = normaliseEmail(login);
    // Resolved before throttling, so failures count against the account whichever name
    // reached it: five tries by username and five more by email are not ten.
    const user = name === '' ? undefined : name.includes('@') ? await this.users.findByEmail(name) : await this.users.findByUsername(name);
    // Reserved before the hash is verified: an attempt refused here costs no argon2.
    const attempt = await this.throttle.reserve(user?.email ?? name, clientAddress);
    const ok = await argon2.verify(user?.password_hash ?? (await this.dummyHash), String(password ?? '')).catch(() => false);
    if (!user || !ok || user.disabled) throw unauthenticated(INVALID_LOGIN);
    await attempt.succeeded();
    return { token: this.issueToken(user), user };
  }

  issueToken(user: UserRow): string {
    return jwt.sign({ role: user.role }, this.key, {
      algorithm: 'HS256',
      subject: user.id,
      expiresIn: this.expiresIn as jwt.SignOptions['expiresIn'],
    });
  }

  /**
   * Called with the user's id whenever their credentials change (a key revoked, the role
   * changed, the account disabled or enabled), before the change is answered. Whatever holds
   * a viewer beyond one request (an open subscription) re-checks it here. Returns a function
   * that stops listening.
   */
  onCredentialsChanged(listener: CredentialsListener): () => void {
    return this.credentials.on(listener);
  }

  /**
   * Forgets everything resolved for this user's credentials (remembered API keys, the cached
   * user) and tells the listeners. The mutations that change credentials call it; so would a
   * subscriber to a cross-node bus, for changes made on another node.
   */
  credentialsChanged(userId: string): void {
    this.credentials.changed(userId);
  }

  /**
   * Resolves an `Authorization` header to a viewer. No header is anonymous (null);
   * a bad, expired, revoked or disabled credential is UNAUTHENTICATED.
   */
  async authenticate(authorization: string | null | undefined): Promise<Viewer | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
    const credential = match[1]!;
    if (this.apiKeys.looksLikeKey(credential)) {
      const key = await this.apiKeys.resolve(credential);
      return keyViewer(await this.viewerFor(key.userId, 'api-key'), key);
    }
    const cached = this.verified.get(credential);
    if (cached && cached.expiresAt > Date.now()) return this.viewerFor(cached.sub, 'jwt');
    this.verified.delete(credential);
    let subject: string | undefined;
    try {
      const payload = jwt.verify(credential, this.key, { algorithms: ['HS256'] });
      subject = typeof payload === 'object' ? payload.sub : undefined;
      if (typeof payload === 'object' && typeof payload.exp === 'number') {
        if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(credential, { sub: subject, expiresAt: payload.exp * 1000 });
      }
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthenticated(expired ? 'Token expired' : 'Invalid token');
    }
    return this.viewerFor(subject, 'jwt');
  }

  /** The viewer of an API key named by its id: a SigV4 request (server/lambda/) already proved it holds the key's credentials. */
  async authenticateApiKeyId(keyId: string): Promise<Viewer> {
    const key = await this.apiKeys.resolveId(keyId);
    return keyViewer(await this.viewerFor(key.userId, 'api-key'), key);
  }

  private async viewerFor(userId: string | undefined, via: Viewer['via']): Promise<Viewer> {
    const user = userId ? await this.users.findById(userId) : undefined;
    // A disabled user's tokens and keys stop working at once: checked on every request.
    if (!user || user.disabled) throw unauthenticated('Invalid credentials');
    return { id: user.id, email: user.email, role: user.role, via };
  }
}

function normaliseEmail(email: unknown): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** The key's user as its viewer, with the key (and its scope) named: a plain function, so a warm call awaits no extra async frame. */
function keyViewer(user: Viewer, { keyId, scope }: { keyId: string; scope: KeyScope | undefined }): Viewer {
  const viewer: Viewer = { ...user, apiKeyId: keyId };
  if (scope) viewer.scope = scope;
  return viewer;
}
