/**
 * What a function runs: one-file `code`, or a bundle (`files` or `archive`) with a
 * Lambda-style `handler`. Exactly one of code/files/archive on create; on update any one of
 * them replaces what ran before, and a new `handler` (or runtime) alone re-points the bundle.
 */
import { badInput } from '../errors.js';
import type { Runtime } from '../executor/executor.types.js';
import { bundleFromArchive, bundleFromFiles } from '../bundles/bundle.input.js';
import { resolveHandler } from '../bundles/bundle.handler.js';
import type { BundleStore } from '../bundles/bundle.store.js';
import type { Bundle, BundleFile, BundleLimits } from '../bundles/bundle.types.js';
import { validateCode, type FunctionInput } from './function.validation.js';

export interface FunctionSource {
  code: string;
  handler: string | null;
  bundleDigest: string | null;
  /** A bundle new to this request, to be stored with the version. */
  bundle?: Bundle;
}

const SOURCES = ['code', 'files', 'archive'] as const;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class FunctionSources {
  constructor(
    private readonly store: BundleStore,
    private readonly limits: BundleLimits,
  ) {}

  async forCreate(runtime: Runtime, input: FunctionInput): Promise<FunctionSource> {
    const given = givenSources(input);
    if (given.length === 0) throw badInput('code is required (or files or archive for a bundle)');
    return this.fromInput(runtime, input, given[0]!);
  }

  /** `current` is what the function runs now. */
  async forUpdate(runtime: Runtime, input: FunctionInput, current: FunctionSource & { runtime: Runtime }): Promise<FunctionSource> {
    const given = givenSources(input);
    if (given.length > 0) return this.fromInput(runtime, input, given[0]!);
    const handlerGiven = has(input, 'handler');
    if (!current.bundleDigest) {
      if (handlerGiven && input.handler !== null) throw handlerWithCode();
      return current;
    }
    if (!handlerGiven && runtime === current.runtime) return current;
    const files = await this.store.files(current.bundleDigest);
    return { ...withHandler(runtime, handlerGiven ? input.handler : current.handler, files), bundleDigest: current.bundleDigest };
  }

  private async fromInput(runtime: Runtime, input: FunctionInput, source: (typeof SOURCES)[number]): Promise<FunctionSource> {
    if (source === 'code') {
      if (has(input, 'handler') && input.handler !== null) throw handlerWithCode();
      return { code: validateCode(input.code), handler: null, bundleDigest: null };
    }
    const bundle = source === 'files' ? await bundleFromFiles(input.files, this.limits) : await bundleFromArchive(input.archive, this.limits);
    return { ...withHandler(runtime, input.handler, bundle.files), bundleDigest: bundle.digest, bundle };
  }
}

function withHandler(runtime: Runtime, handler: unknown, files: BundleFile[]) {
  const resolved = resolveHandler(runtime, handler, new Set(files.map((f) => f.path)));
  const file = files.find((f) => f.path === resolved.file)!;
  let code: string;
  try {
    code = utf8.decode(file.data);
  } catch {
    throw badInput(`handler file ${JSON.stringify(file.path)} is not UTF-8 text`);
  }
  return { code, handler: resolved.handler };
}

function givenSources(input: FunctionInput) {
  const given = SOURCES.filter((key) => has(input, key) && input[key] !== null);
  if (given.length > 1) throw badInput(`give one of code, files or archive (got ${given.join(' and ')})`);
  return given;
}

const has = (input: FunctionInput, key: keyof FunctionInput) => Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;

const handlerWithCode = () =>
  badInput('handler applies to bundles (files or archive); one-file code defines its `handler` itself');
