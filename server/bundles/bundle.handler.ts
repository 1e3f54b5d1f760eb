/**
 * Lambda-style handlers: "<file>.<export>", the file without its extension. "app.handler"
 * is app.py (PYTHON) or app.js / app.mjs / app.cjs (NODE); "src/api.handler" a nested file;
 * for PYTHON a dotted module ("src.api.handler") works too, as in Lambda.
 */
import { badInput } from '../errors.js';
import type { Runtime } from '../executor/executor.types.js';

export const DEFAULT_HANDLER: Record<Runtime, string> = { PYTHON: 'main.handler', NODE: 'index.handler' };
const EXTENSIONS: Record<Runtime, string[]> = { PYTHON: ['.py'], NODE: ['.js', '.mjs', '.cjs'] };
const EXPORT_NAME: Record<Runtime, RegExp> = { PYTHON: /^[A-Za-z_][A-Za-z0-9_]*$/, NODE: /^[A-Za-z_$][A-Za-z0-9_$]*$/ };
const MAX_HANDLER = 256;

export interface ResolvedHandler {
  handler: string;
  /** The handler's file, a path of the bundle. */
  file: string;
  exportName: string;
}

export function resolveHandler(runtime: Runtime, value: unknown, paths: ReadonlySet<string>): ResolvedHandler {
  const handler = value === undefined || value === null || value === '' ? DEFAULT_HANDLER[runtime] : value;
  if (typeof handler !== 'string' || handler.length > MAX_HANDLER) throw badInput(`handler must be "<file>.<export>", e.g. "${DEFAULT_HANDLER[runtime]}"`);
  const dot = handler.lastIndexOf('.');
  const module = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  if (dot <= 0 || !EXPORT_NAME[runtime].test(exportName)) {
    throw badInput(`handler ${JSON.stringify(handler)} must be "<file>.<export>", e.g. "${DEFAULT_HANDLER[runtime]}" or "src/api.handler"`);
  }
  const stems = runtime === 'PYTHON' && !module.includes('/') ? [module, module.replaceAll('.', '/')] : [module];
  const candidates = [...new Set(stems)].flatMap((stem) => EXTENSIONS[runtime].map((ext) => stem + ext));
  const file = candidates.find((candidate) => paths.has(candidate));
  if (!file) {
    const names = candidates.map((c) => JSON.stringify(c)).join(' or ');
    throw badInput(`handler ${JSON.stringify(handler)}: the bundle has no file ${names}`);
  }
  return { handler, file, exportName };
}
