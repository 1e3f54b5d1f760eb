import crypto from 'node:crypto';
import { loadJwtSecret } from '../auth/jwt.secret.js';
import type { Config } from '../config.js';
import { loadSigV4Key } from '../lambda/sigv4.credentials.js';
import { loadSecretKey } from '../secrets/secret.crypto.js';

/**
 * Nodes share a database (FNBOX_DATABASE_URL on PostgreSQL) or events and limits (Redis): then
 * every key a node would otherwise generate for itself must be the same on all of them.
 */
export const isClusterMode = (config: Pick<Config, 'databaseUrl' | 'redisUrl'>): boolean => Boolean(config.databaseUrl || config.redisUrl);

/**
 * A key for one purpose, derived from FNBOX_CLUSTER_SECRET with HKDF-SHA256: the same on every
 * node that has the secret, and a different, unrelated key per `label` (one label per purpose,
 * never reused: "jwt-signing", "secrets-key", ...).
 */
export function deriveClusterKey(clusterSecret: string, label: string, bytes = 32): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', clusterSecret, 'fnbox cluster keys', `fnbox ${label} v1`, bytes));
}

export type KeySource = 'environment' | 'cluster secret' | 'data dir';

/** The keys a node signs and seals with, and where each came from. */
export interface PlatformKeys {
  jwtSecret: string;
  secretKey: Buffer;
  /** The Lambda API's secret access keys are derived from it (lambda/sigv4.credentials.ts). */
  sigv4Key: string;
  clusterSecret?: string;
  sources: { jwtSecret: KeySource; secretKey: KeySource; sigv4Key: KeySource };
}

/**
 * Each key from its own variable when set (FNBOX_JWT_SECRET, FNBOX_SECRET_KEY), else derived
 * from FNBOX_CLUSTER_SECRET when set, else the one generated once into the data dir (the
 * single-node default: an existing data dir keeps its keys as long as no cluster secret is set).
 */
export function loadPlatformKeys(config: Pick<Config, 'dataDir' | 'jwtSecret' | 'secretKey' | 'sigv4Key' | 'clusterSecret'>): PlatformKeys {
  const { clusterSecret } = config;
  const source = (fromEnv: string | undefined): KeySource => (fromEnv ? 'environment' : clusterSecret ? 'cluster secret' : 'data dir');
  const jwtSecret = config.jwtSecret || (clusterSecret ? deriveClusterKey(clusterSecret, 'jwt-signing', 48).toString('base64url') : loadJwtSecret(config.dataDir));
  const secretKey = !config.secretKey && clusterSecret ? deriveClusterKey(clusterSecret, 'secrets-key') : loadSecretKey(config.dataDir, config.secretKey);
  const sigv4Key = config.sigv4Key || (clusterSecret ? deriveClusterKey(clusterSecret, 'sigv4-secrets', 48).toString('base64url') : loadSigV4Key(config.dataDir));
  return {
    jwtSecret,
    secretKey,
    sigv4Key,
    clusterSecret,
    sources: { jwtSecret: source(config.jwtSecret), secretKey: source(config.secretKey), sigv4Key: source(config.sigv4Key) },
  };
}

/**
 * What a node stores and compares to tell whether it holds the same key as the others: an HMAC
 * of a fixed label under the key, which says nothing about the key itself.
 */
export function keyFingerprint(key: string | Buffer, name: string): string {
  return crypto.createHmac('sha256', key).update(`fnbox key fingerprint v1: ${name}`).digest('hex').slice(0, 32);
}
