import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * An API key's AWS-style credentials. The access key id names the key ("AKFB" and its id in
 * hexadecimal); the secret access key is an HMAC of the key id under a server key, so it is
 * computed again to verify a request and never stored. Whoever holds the server key can
 * derive every secret: it is kept like the JWT secret (mode 0600 in the data dir, or
 * FNBOX_SIGV4_KEY, which every node of a cluster must share).
 */
const ACCESS_KEY_PREFIX = 'AKFB';
const ACCESS_KEY_ID = /^AKFB([0-9A-F]{32})$/;
const DERIVATION_LABEL = 'fnbox lambda sigv4 secret access key\0';

export class SigV4Credentials {
  private readonly serverKey: crypto.KeyObject;

  constructor(serverKey: string) {
    this.serverKey = crypto.createSecretKey(Buffer.from(serverKey));
  }

  accessKeyId(apiKeyId: string): string {
    return ACCESS_KEY_PREFIX + apiKeyId.replace(/-/g, '').toUpperCase();
  }

  /** The API key id an access key id names, or undefined when it is not one of ours. */
  apiKeyId(accessKeyId: string): string | undefined {
    const hex = ACCESS_KEY_ID.exec(accessKeyId)?.[1]?.toLowerCase();
    return hex && `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** 40 characters, the length of an AWS secret access key (240 bits of the HMAC). */
  secretAccessKey(apiKeyId: string): string {
    return crypto.createHmac('sha256', this.serverKey).update(DERIVATION_LABEL + apiKeyId).digest().subarray(0, 30).toString('base64');
  }
}

/** FNBOX_SIGV4_KEY when set, otherwise generated once into the data dir (0600), like jwt.secret.ts. */
export function loadSigV4Key(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'sigv4-key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
