import crypto from 'node:crypto';
import { badInput, notFound, unauthenticated } from '../errors.js';
import type { AccessChanges } from './access.changes.js';
import type { ApiKeyRepository } from './api-key.repository.js';
import type { ApiKeyRow } from './api-key.table.js';
import type { Viewer } from './viewer.js';

/** Recognisable in logs and secret scanners; the rest is 32 random bytes. */
const KEY_PREFIX = 'fnbox_';
/** last_used_at is written at most this often per key, to keep writes off the request path. */
const TOUCH_INTERVAL_MS = 60_000;

export interface CreatedApiKey {
  key: string;
  apiKey: ApiKeyRow;
}

export class ApiKeyService {
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly access?: AccessChanges,
  ) {}

  looksLikeKey(credential: string): boolean {
    return credential.startsWith(KEY_PREFIX);
  }

  async create(viewer: Viewer, name: string): Promise<CreatedApiKey> {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length < 1 || trimmed.length > 64) throw badInput('name must be 1-64 characters');
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
    });
    return { key, apiKey };
  }

  list(viewer: Viewer): Promise<ApiKeyRow[]> {
    return this.keys.listForUser(viewer.id);
  }

  async revoke(viewer: Viewer, id: string): Promise<boolean> {
    if (!(await this.keys.revoke(id, viewer.id))) throw notFound('API key');
    // Connections opened with the key close now, not at their next periodic re-check.
    this.access?.publish({ userId: viewer.id, revokedApiKeyId: id });
    return true;
  }

  /** The owning user id and the key's id of a valid, unrevoked key. */
  async resolve(key: string): Promise<{ userId: string; keyId: string }> {
    const row = await this.keys.findActiveByHash(hashKey(key));
    if (!row) throw unauthenticated('Invalid API key');
    const now = Date.now();
    if (now - (this.lastTouched.get(row.id) ?? 0) > TOUCH_INTERVAL_MS) {
      this.lastTouched.set(row.id, now);
      await this.keys.touch(row.id, now);
    }
    return { userId: row.user_id, keyId: row.id };
  }
}

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}
