import type { Generated, Insertable, Selectable } from 'kysely';

export interface ApiKeyTable {
  id: string;
  user_id: string;
  name: string;
  /** First characters of the key, shown in listings so a user can tell keys apart. */
  prefix: string;
  /** sha256 of the whole key: keys carry 256 random bits, so a fast hash is safe and keeps lookups O(1). */
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** 1: the key may only invoke functions (no reads or changes). */
  invoke_only: Generated<number>;
  /** JSON array of the function names the key is limited to; null: all of the owner's. */
  function_names: string | null;
  /** Epoch ms after which the key no longer authenticates; null: never. */
  expires_at: number | null;
}

export type ApiKeyRow = Selectable<ApiKeyTable>;
export type NewApiKeyRow = Insertable<ApiKeyTable>;
