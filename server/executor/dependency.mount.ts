/**
 * How a built dependency set reaches a function container: its directory on this host,
 * bind-mounted read-only where the runtime looks (build.script.ts SET_LAYOUT), like a Lambda
 * layer. Node finds /node_modules from any file's directory (require and import alike, for
 * one-file code in /tmp and bundles in /var/task); Python gets it on sys.path through
 * PYTHONPATH, after the bundle's own modules. Set at creation: such containers are never
 * stem cells, which is why a finished build prewarms one (docker.executor.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { unavailable } from '../errors.js';
import { SET_LAYOUT } from './build.script.js';
import type { ContainerSpec } from './container.engine.js';
import type { FunctionSpec } from './executor.types.js';

export const DEPENDENCIES_LABEL = 'fnbox.dependencies';

/** Cold path only (one stat). A missing set is refused: the engine would mount an empty directory in its place. */
export function withDependencies(spec: ContainerSpec, fn: FunctionSpec): ContainerSpec {
  if (!fn.dependencies) return spec;
  const layout = SET_LAYOUT[fn.runtime];
  if (!fs.existsSync(path.join(fn.dependencies.hostPath, layout.dir))) {
    throw unavailable(`The dependencies of ${fn.name} version ${fn.version} are not built on this node (its sets live on the node that built them)`);
  }
  const binds = (spec.hostConfig.Binds as string[] | undefined) ?? [];
  return {
    ...spec,
    labels: { ...spec.labels, [DEPENDENCIES_LABEL]: fn.dependencies.digest },
    env: fn.runtime === 'PYTHON' ? [...(spec.env ?? []), `PYTHONPATH=${layout.mountAt}`] : spec.env,
    hostConfig: { ...spec.hostConfig, Binds: [...binds, `${path.join(fn.dependencies.hostPath, layout.dir)}:${layout.mountAt}:ro`] },
  };
}
