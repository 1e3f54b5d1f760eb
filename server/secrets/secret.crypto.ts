import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The sealed form of one value, as stored (every part base64). */
export interface SealedValue {
  key_id: string;
  iv: string;
  ciphertext: string;
  auth_tag: string;
}

const KEY_FILE = 'secrets-key';

/**
 * AES-256-GCM with a random 12-byte IV per value. The additional authenticated data binds each
 * ciphertext to its owner and name, so a row copied to another user (or renamed) in the
 * database fails to decrypt instead of handing over the value.
 */
export class SecretCipher {
  /** Names the key without revealing it: stored with each value so keys can rotate later. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secrets key must be 32 bytes');
    this.keyId = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  seal(ownerId: string, name: string, value: string): SealedValue {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(ownerId, name));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { key_id: this.keyId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), auth_tag: cipher.getAuthTag().toString('base64') };
  }

  /** Throws when the value was sealed by another key, for another owner or name, or was altered. */
  open(ownerId: string, name: string, sealed: SealedValue): string {
    if (sealed.key_id !== this.keyId) throw new Error(`secret ${name} was sealed with another key (${sealed.key_id})`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(ownerId, name));
    decipher.setAuthTag(Buffer.from(sealed.auth_tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  }
}

const aad = (ownerId: string, name: string) => Buffer.from(JSON.stringify([ownerId, name]));

/**
 * The secrets key: FNBOX_SECRET_KEY when set (32 bytes as 64 hex characters or base64),
 * otherwise generated once into the data dir with mode 0600, like the JWT secret.
 */
export function loadSecretKey(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv) return parseKey(fromEnv, 'FNBOX_SECRET_KEY');
  const file = path.join(dataDir, KEY_FILE);
  try {
    return parseKey(fs.readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  try {
    fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(fs.readFileSync(file, 'utf8'), file);
    throw error;
  }
}

function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be 32 bytes, as 64 hex characters or base64`);
  return key;
}
