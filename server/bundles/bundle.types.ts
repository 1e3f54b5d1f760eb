/** One file of a function bundle: a relative, normalised path and its bytes. */
export interface BundleFile {
  path: string;
  data: Buffer;
  /** Mode 0755 in the container (a bundled script or binary); 0644 otherwise. */
  executable: boolean;
}

/** Bounds on a bundle, checked while reading it (an archive's own headers are never trusted). */
export interface BundleLimits {
  /** An uploaded archive, or the decoded `files` of a request together. */
  maxZippedBytes: number;
  /** Every file's bytes together, as actually inflated. */
  maxUnpackedBytes: number;
  maxFiles: number;
  /** Characters of one path. */
  maxPathLength: number;
}

/** A validated bundle, ready to store; `digest` names its canonical form. */
export interface Bundle {
  digest: string;
  /** Its canonical tar, gzipped: what is stored. */
  archive: Buffer;
  files: BundleFile[];
  unpackedBytes: number;
}
