import crypto from 'node:crypto';
import { badInput, notFound, unauthenticated } from '../errors.js';
import type { AccessChanges } from './access.changes.js';
import type { ApiKeyRepository } from './api-key.repository.js';
import type { ApiKeyRow } from './api-key.table.js';
import type { CredentialChanges } from './credential.changes.js';
import { scopeOfKey, type KeyScope } from './key.scope.js';
import type { Viewer } from './viewer.js';

/** Recognisable in logs and secret scanners; the rest is 32 random bytes. */
const KEY_PREFIX = 'fnbox_';
/** last_used_at is written at most this often per key, to keep writes off the request path. */
const TOUCH_INTERVAL_MS = 60_000;
/** Resolved keys remembered; a client sends the same key on every call. */
const RESOLVED_KEYS_KEPT = 10_000;

export interface CreatedApiKey {
  key: string;
  apiKey: ApiKeyRow;
}

/** Limits a new key may carry (issue 17 item 3); none: the owner's full access, forever. */
export interface ApiKeyLimits {
  invokeOnly?: boolean | null;
  /** Names of the owner's functions; they need not exist yet (a deploy may create them). */
  functions?: readonly string[] | null;
  expiresAt?: Date | null;
}

const MAX_SCOPED_FUNCTIONS = 100;

interface ResolvedKey {
  id: string;
  userId: string;
  scope: KeyScope | undefined;
  expiresAt: number | null;
}

/** Whose a valid key is, and what it may do. */
export interface KeyOwner {
  userId: string;
  keyId: string;
  scope: KeyScope | undefined;
}

export class ApiKeyService {
  private readonly lastTouched = new Map<string, number>();
  /**
   * Valid keys already looked up, by the key as sent: the lookup (hash + query) was ~80 µs of
   * every API-key request. Only the key -> owner mapping is kept; the owner's role and
   * disabled flag are still read per request. Forgotten at once when the owner's credentials
   * change (a revoke among them); a failed lookup is never remembered.
   */
  private readonly resolved = new Map<string, ResolvedKey>();
  /** Bumped on every forget, so a lookup that raced a revoke does not re-remember its key. */
  private generation = 0;

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly credentials: CredentialChanges,
    /** Tells live connections (on every node) that a key was revoked; tests may leave it out. */
    private readonly access?: AccessChanges,
  ) {
    credentials.on((userId) => this.forgetUser(userId));
  }

  looksLikeKey(credential: string): boolean {
    return credential.startsWith(KEY_PREFIX);
  }

  async create(viewer: Viewer, name: string, limits: ApiKeyLimits = {}): Promise<CreatedApiKey> {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length < 1 || trimmed.length > 64) throw badInput('name must be 1-64 characters');
    const functions = validateFunctionNames(limits.functions);
    const expiresAt = limits.expiresAt ? limits.expiresAt.getTime() : null;
    if (expiresAt !== null && !(expiresAt > Date.now())) throw badInput('expiresAt must be in the future');
    const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
    const apiKey = await this.keys.insert({
      id: crypto.randomUUID(),
      user_id: viewer.id,
      name: trimmed,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      key_hash: hashKey(key),
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
      invoke_only: limits.invokeOnly ? 1 : 0,
      function_names: functions === null ? null : JSON.stringify(functions),
      expires_at: expiresAt,
    });
    return { key, apiKey };
  }

  list(viewer: Viewer): Promise<ApiKeyRow[]> {
    return this.keys.listForUser(viewer.id);
  }

  async revoke(viewer: Viewer, id: string): Promise<boolean> {
    if (!(await this.keys.revoke(id, viewer.id))) throw notFound('API key');
    // Live connections opened with the key close now, on every node; the access change also
    // reaches `credentials` (services.ts), which forgets the remembered key.
    if (this.access) this.access.publish({ userId: viewer.id, revokedApiKeyId: id });
    else this.credentials.changed(viewer.id);
    return true;
  }

  /** The owning user id, the key's id and its scope, of a valid, unrevoked, unexpired key. */
  async resolve(key: string): Promise<KeyOwner> {
    const known = this.resolved.get(key) ?? (await this.lookUp(key, () => this.keys.findActiveByHash(hashKey(key))));
    return this.used(key, known);
  }

  /**
   * The same, for a key named by its id: a request signed with the key's derived credentials
   * (SigV4, server/lambda/) proves it holds them without sending the key. Remembered and
   * forgotten like keys (under "id:", which no key starts with).
   */
  async resolveId(id: string): Promise<KeyOwner> {
    const known = this.resolved.get(`id:${id}`) ?? (await this.lookUp(`id:${id}`, () => this.keys.findActiveById(id)));
    return this.used(`id:${id}`, known);
  }

  /** Synchronous unless the key's last use is due to be written (at most once per TOUCH_INTERVAL_MS): a warm call allocates no Promise here. */
  private used(rememberedAs: string, known: ResolvedKey): KeyOwner | Promise<KeyOwner> {
    const now = Date.now();
    // Checked on every request, the remembered keys included: a key stops at its expiry.
    if (known.expiresAt !== null && known.expiresAt <= now) {
      this.resolved.delete(rememberedAs);
      throw unauthenticated('API key expired');
    }
    const owner: KeyOwner = { userId: known.userId, keyId: known.id, scope: known.scope };
    if (now - (this.lastTouched.get(known.id) ?? 0) <= TOUCH_INTERVAL_MS) return owner;
    this.lastTouched.set(known.id, now);
    return this.keys.touch(known.id, now).then(() => owner);
  }

  private async lookUp(rememberAs: string, find: () => Promise<ApiKeyRow | undefined>): Promise<ResolvedKey> {
    const generation = this.generation;
    const row = await find();
    if (!row) throw unauthenticated('Invalid API key');
    const found = { id: row.id, userId: row.user_id, scope: scopeOfKey(row), expiresAt: row.expires_at };
    if (generation === this.generation) {
      if (this.resolved.size >= RESOLVED_KEYS_KEPT) this.resolved.delete(this.resolved.keys().next().value!);
      this.resolved.set(rememberAs, found);
    }
    return found;
  }

  /** Forgets every remembered key: revokes may have been missed (the bus was away). */
  forgetAll(): void {
    this.generation++;
    this.resolved.clear();
  }

  /** Forgets every remembered key of a user; the next request with one is looked up again. */
  private forgetUser(userId: string): void {
    this.generation++;
    for (const [key, known] of this.resolved) if (known.userId === userId) this.resolved.delete(key);
  }
}

function validateFunctionNames(names: readonly string[] | null | undefined): string[] | null {
  if (names === null || names === undefined) return null;
  const unique = [...new Set(names.map((n) => (typeof n === 'string' ? n.trim() : '')))];
  if (unique.length < 1 || unique.length > MAX_SCOPED_FUNCTIONS) throw badInput(`functions must name 1-${MAX_SCOPED_FUNCTIONS} functions`);
  if (unique.some((n) => n.length < 1 || n.length > 64)) throw badInput('function names must be 1-64 characters');
  return unique;
}

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}
