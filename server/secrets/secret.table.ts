import type { Selectable } from 'kysely';

/** One secret of one user. The value exists only as AES-256-GCM ciphertext (secret.crypto.ts). */
export interface SecretTable {
  owner_id: string;
  name: string;
  /** Which key sealed the value, so keys can rotate without re-encrypting at once. */
  key_id: string;
  /** base64 of the 12-byte random IV. */
  iv: string;
  /** base64 of the encrypted value. */
  ciphertext: string;
  /** base64 of the 16-byte GCM tag. */
  auth_tag: string;
  created_at: number;
  updated_at: number;
}

export type SecretRow = Selectable<SecretTable>;
/** What the API may show of a secret: never its value. */
export type SecretInfo = Pick<SecretRow, 'name' | 'created_at' | 'updated_at'>;
