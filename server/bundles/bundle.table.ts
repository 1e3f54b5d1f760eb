import type { Selectable } from 'kysely';

/** One distinct set of files, stored once whatever number of versions run it. */
export interface BundleTable {
  /** sha256 (hex) of the canonical tar (bundle.codec.ts): the same files give the same digest. */
  digest: string;
  /** The canonical tar, gzipped. */
  archive: Buffer;
  file_count: number;
  unpacked_bytes: number;
  created_at: number;
}

export type BundleRow = Selectable<BundleTable>;
