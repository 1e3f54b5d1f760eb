import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveClusterKey, keyFingerprint, loadPlatformKeys } from '../../server/cluster/cluster.keys.js';

// Which key a node uses: its own variable, else derived from the cluster secret, else the one
// generated into its data dir (a single node's default, kept as it was).

const dirs: string[] = [];
const dataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-keys-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('cluster keys', () => {
  it('derives the same key for a label on every node, and unrelated keys for other labels or secrets', () => {
    const key = deriveClusterKey('s3cret', 'jwt-signing');
    expect(key).toHaveLength(32);
    expect(deriveClusterKey('s3cret', 'jwt-signing').equals(key)).toBe(true);
    expect(deriveClusterKey('s3cret', 'secrets-key').equals(key)).toBe(false);
    expect(deriveClusterKey('other', 'jwt-signing').equals(key)).toBe(false);
    expect(deriveClusterKey('s3cret', 'jwt-signing', 48)).toHaveLength(48);
  });

  it('gives two nodes with one cluster secret the same keys, whatever their data dirs hold', () => {
    const a = loadPlatformKeys({ dataDir: dataDir(), clusterSecret: 'shared' });
    const b = loadPlatformKeys({ dataDir: dataDir(), clusterSecret: 'shared' });
    expect(b.jwtSecret).toBe(a.jwtSecret);
    expect(b.secretKey.equals(a.secretKey)).toBe(true);
    expect(b.sigv4Key).toBe(a.sigv4Key);
    expect(a.sources).toEqual({ jwtSecret: 'cluster secret', secretKey: 'cluster secret', sigv4Key: 'cluster secret' });
  });

  it('prefers a key set explicitly, and keeps a single node on the keys its data dir holds', () => {
    const dir = dataDir();
    const single = loadPlatformKeys({ dataDir: dir });
    expect(single.sources).toEqual({ jwtSecret: 'data dir', secretKey: 'data dir', sigv4Key: 'data dir' });
    const again = loadPlatformKeys({ dataDir: dir });
    expect(again.jwtSecret).toBe(single.jwtSecret);
    expect(again.secretKey.equals(single.secretKey)).toBe(true);

    const explicit = loadPlatformKeys({ dataDir: dir, clusterSecret: 'shared', jwtSecret: 'mine', secretKey: 'ab'.repeat(32) });
    expect(explicit.jwtSecret).toBe('mine');
    expect(explicit.secretKey.toString('hex')).toBe('ab'.repeat(32));
  });

  it('fingerprints a key without revealing it, differently per key name', () => {
    const print = keyFingerprint('a key', 'jwt-signing');
    expect(print).toMatch(/^[0-9a-f]{32}$/);
    expect(print).not.toContain(Buffer.from('a key').toString('hex'));
    expect(keyFingerprint('a key', 'secrets-key')).not.toBe(print);
    expect(keyFingerprint('another key', 'jwt-signing')).not.toBe(print);
  });
});
