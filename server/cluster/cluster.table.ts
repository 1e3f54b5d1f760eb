/** One row per platform key: an HMAC that tells whether another node holds the same key. */
export interface ClusterKeyFingerprintTable {
  name: string;
  fingerprint: string;
  created_at: number;
}

/** A periodic job (by name) and the node process that runs it until `lease_until`. */
export interface JobLeaseTable {
  name: string;
  holder: string;
  lease_until: number;
}
