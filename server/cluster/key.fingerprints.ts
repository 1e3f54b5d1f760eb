import type { Db } from '../db/database.js';
import { keyFingerprint, type PlatformKeys } from './cluster.keys.js';

/** Thrown at start-up: this node's keys differ from the ones the cluster's database was first used with. */
export class KeyMismatchError extends Error {}

const REMEDY: Record<string, string> = {
  'jwt-signing': 'set the same FNBOX_JWT_SECRET on every node, or unset it and set the same FNBOX_CLUSTER_SECRET',
  'secrets-key': 'set the same FNBOX_SECRET_KEY on every node, or unset it and set the same FNBOX_CLUSTER_SECRET',
  'sigv4-secrets': 'set the same FNBOX_SIGV4_KEY on every node, or unset it and set the same FNBOX_CLUSTER_SECRET',
  'cluster-secret': 'set the same FNBOX_CLUSTER_SECRET on every node',
};

/**
 * Cluster mode: the first node records a fingerprint of each key (cluster.keys.ts) in the shared
 * database; every node compares its own to it and refuses to start on a difference, rather than
 * issue tokens the others reject or seal secrets the others cannot open. Races between nodes
 * starting at once are settled by the primary key: the first insert wins, the rest compare.
 */
export async function verifyKeyFingerprints(db: Db, keys: PlatformKeys, now = Date.now()): Promise<void> {
  const named: [string, string | Buffer][] = [
    ['jwt-signing', keys.jwtSecret],
    ['secrets-key', keys.secretKey],
    ['sigv4-secrets', keys.sigv4Key],
  ];
  if (keys.clusterSecret) named.push(['cluster-secret', keys.clusterSecret]);
  for (const [name, key] of named) {
    const fingerprint = keyFingerprint(key, name);
    await db
      .insertInto('cluster_key_fingerprints')
      .values({ name, fingerprint, created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const stored = await db.selectFrom('cluster_key_fingerprints').select('fingerprint').where('name', '=', name).executeTakeFirstOrThrow();
    if (stored.fingerprint !== fingerprint) {
      throw new KeyMismatchError(
        `This node's ${name} key differs from the one the other nodes of this database use: ${REMEDY[name]} (see "The same keys everywhere" in README.md). Refusing to start.`,
      );
    }
  }
}
