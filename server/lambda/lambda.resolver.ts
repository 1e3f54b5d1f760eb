import type { AliasService } from '../aliases/alias.service.js';
import { mayInvokeFunction, mayManageFunction, OUT_OF_SCOPE } from '../auth/key.scope.js';
import type { Viewer } from '../auth/viewer.js';
import { isAppError } from '../errors.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { VersionRouter } from '../functions/version.router.js';
import { lambdaError } from './lambda.errors.js';
import { parseFunctionName } from './lambda.names.js';
import { accountIdFor, functionArn, functionConfiguration, type FunctionConfiguration } from './lambda.shapes.js';
import { functionState, type BuildLookup } from './lambda.state.js';

/** Function names remembered for calls by name (findOwn). */
const NAMES_KEPT = 10_000;
const VERSION = /^[1-9][0-9]{0,9}$/;

/** Who calls and for which region they signed (it is in every ARN we answer with). */
export interface LambdaCaller {
  viewer: Viewer;
  region: string;
}

/** A function found by its Lambda address, and the version its qualifier picked. */
export interface Target {
  fn: FunctionRow;
  /** The function as that version runs (its code and settings); `fn` itself for $LATEST. */
  row: FunctionRow;
  /** "$LATEST" or a version number. */
  version: string;
  /** What the ARN ends with: the qualifier as given (a version or an alias name). */
  qualifier?: string;
}

/**
 * Finds the function a Lambda FunctionName (and Qualifier) addresses, checks a scoped key may
 * do what is asked with it, and renders FunctionConfiguration: shared by every operation.
 */
export class LambdaResolver {
  private readonly idsByName = new Map<string, string>();

  constructor(
    private readonly functions: FunctionService,
    private readonly aliases: AliasService,
    private readonly versions: Pick<VersionRouter, 'atVersion'>,
    /** Dependency builds (server/builds/), when the platform has them: State and LastUpdateStatus follow them. */
    private readonly builds?: BuildLookup,
  ) {}

  /**
   * The caller's function: its name among the caller's functions, its id, or an ARN of the
   * caller's account. Another user's function is "not found", never "forbidden", so names do
   * not leak. `invoke` leaves the qualifier to the invocation (the version router picks the
   * version, canary included, as the call starts); `manage` resolves it here.
   */
  async resolve(caller: LambdaCaller, name: string, qualifier: string | null, action: 'manage' | 'invoke'): Promise<Target> {
    const address = parseFunctionName(name, qualifier);
    const fn = await this.findOwn(caller.viewer, address.name);
    const arn = functionArn(caller.region, { owner_id: caller.viewer.id, name: address.name }, address.qualifier);
    if (!fn || (address.account !== undefined && address.account !== accountIdFor(fn.owner_id))) throw lambdaError('ResourceNotFoundException', `Function not found: ${arn}`);
    allowIf(action === 'invoke' ? mayInvokeFunction(caller.viewer, fn.name) : mayManageFunction(caller.viewer, fn.name));
    const given = address.qualifier;
    if (action === 'invoke' || given === undefined || given === '$LATEST') return { fn, row: fn, version: '$LATEST', qualifier: given };
    const version = VERSION.test(given) ? Number(given) : (await this.aliases.listOf(fn)).find((alias) => alias.name === given)?.version;
    if (version === undefined) throw lambdaError('ResourceNotFoundException', `Function not found: ${arn}`);
    try {
      return { fn, row: await this.versions.atVersion(fn, version), version: String(version), qualifier: given };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') throw lambdaError('ResourceNotFoundException', `Function not found: ${arn}`);
      throw error;
    }
  }

  /** The configuration of `fn` at `version`, as GetFunctionConfiguration answers it. */
  async configuration(caller: LambdaCaller, { fn, row, version, qualifier }: Target): Promise<FunctionConfiguration> {
    const files = await this.functions.files(row);
    const codeSize = files.length > 0 ? files.reduce((sum, file) => sum + file.data.length, 0) : Buffer.byteLength(row.code);
    const { build, hasLiveVersion } = this.builds ? await this.builds(row) : { build: undefined, hasLiveVersion: true };
    const state = functionState(build, hasLiveVersion);
    return functionConfiguration({ fn, settings: row, region: caller.region, codeSize, state, version, arnQualifier: qualifier === '$LATEST' ? undefined : qualifier });
  }

  /**
   * By id (an ADMIN may address anyone's) or by name among the viewer's own functions. Names
   * seen are remembered (owner + name -> id) and checked against the function the id reads from
   * the functions service's cache, so a warm Invoke by name reads no database row, and a renamed
   * or deleted function is looked up again.
   */
  private async findOwn(viewer: Viewer, nameOrId: string): Promise<FunctionRow | undefined> {
    const key = `${viewer.id}\0${nameOrId.toLowerCase()}`;
    const rememberedId = this.idsByName.get(key);
    const remembered = rememberedId && (await this.functions.find(rememberedId));
    if (remembered && remembered.owner_id === viewer.id && remembered.name.toLowerCase() === nameOrId.toLowerCase()) return remembered;
    try {
      const { fn } = await this.functions.findByNameOrId(viewer, nameOrId);
      if (fn.owner_id === viewer.id && fn.name.toLowerCase() === nameOrId.toLowerCase()) {
        if (this.idsByName.size >= NAMES_KEPT) this.idsByName.delete(this.idsByName.keys().next().value!);
        this.idsByName.set(key, fn.id);
      }
      return fn;
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}

/** A scoped API key doing what it may not: AccessDeniedException. */
export function allowIf(allowed: boolean): void {
  if (!allowed) throw lambdaError('AccessDeniedException', OUT_OF_SCOPE);
}
