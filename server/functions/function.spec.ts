import { resolveHandler } from '../bundles/bundle.handler.js';
import type { BundleStore } from '../bundles/bundle.store.js';
import type { FunctionSpec } from '../executor/executor.types.js';
import type { FunctionRow } from './function.table.js';

/** What the executor needs to run `row` (a function as one of its versions runs it). */
export function functionSpec(row: FunctionRow, bundles: BundleStore, dependencySetPath: (digest: string) => string): FunctionSpec {
  const spec = toSpec(row);
  if (row.deps_digest) spec.dependencies = { digest: row.deps_digest, hostPath: dependencySetPath(row.deps_digest) };
  const digest = row.bundle_digest;
  const handler = row.handler;
  if (digest && handler) {
    spec.bundle = {
      digest,
      handler,
      load: async () => {
        const files = await bundles.files(digest);
        const { file, exportName } = resolveHandler(row.runtime, handler, new Set(files.map((f) => f.path)));
        return { files, handlerFile: file, exportName };
      },
    };
  }
  return spec;
}

function toSpec(row: FunctionRow): FunctionSpec {
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    version: row.version,
    runtime: row.runtime,
    code: row.code,
    timeoutMs: row.timeout_ms,
    memoryMb: row.memory_mb,
    env: JSON.parse(row.env) as Record<string, string>,
    network: row.network,
    // Parsed for EGRESS functions only: NONE calls (most) skip it.
    egressAllow: row.network === 'EGRESS' ? (JSON.parse(row.egress_allow) as string[]) : undefined,
    concurrency: row.concurrency ?? undefined,
  };
}
