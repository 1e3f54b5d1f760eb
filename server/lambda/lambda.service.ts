import { mayInvokeFunction, mayManageFunction, mayUseAccount, OUT_OF_SCOPE } from '../auth/key.scope.js';
import type { Viewer } from '../auth/viewer.js';
import { isAppError } from '../errors.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { AsyncInvocationService } from '../triggers/async.service.js';
import { lambdaError } from './lambda.errors.js';
import { codeInput, configurationInput, createInput } from './lambda.input.js';
import { invokeResponse, parsePayload, type InvocationType, type InvokeResponse } from './lambda.invoke.js';
import { parseFunctionName } from './lambda.names.js';
import { accountIdFor, DEFAULT_HANDLER, functionArn, functionConfiguration, type FunctionConfiguration, type FunctionState } from './lambda.shapes.js';

type Body = Record<string, unknown>;
/** ListFunctions: Lambda's default and largest page. */
const PAGE = { default: 50, max: 10_000 };
/** Function names remembered for Invoke by name (lambda.service.ts findOwn). */
const NAMES_KEPT = 10_000;

/** Who calls and for which region they signed (it is in every ARN we answer with). */
export interface LambdaCaller {
  viewer: Viewer;
  region: string;
}

/** A function found by its Lambda address, and the version a qualifier picked. */
interface Target {
  fn: FunctionRow;
  /** "$LATEST" or a version number. */
  version: string;
}

/**
 * The Lambda API's operations over the platform's services: functions (create, update,
 * delete), invocations (RequestResponse) and the durable async queue (Event). Every rule
 * stays in those services; this maps names, shapes and errors.
 */
export class LambdaService {
  private readonly idsByName = new Map<string, string>();

  constructor(
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly asyncInvocations: AsyncInvocationService,
  ) {}

  async create(caller: LambdaCaller, body: Body): Promise<FunctionConfiguration> {
    allowIf(mayUseAccount(caller.viewer));
    // A name taken among the caller's functions is CONFLICT there: ResourceConflictException here.
    const fn = await this.functions.create(caller.viewer, createInput(body));
    return this.configuration(caller, { fn, version: '$LATEST' });
  }

  async get(caller: LambdaCaller, name: string, qualifier: string | null) {
    const target = await this.resolve(caller, name, qualifier, 'manage');
    // Code.Location would be a download URL: fnbox serves a function's files through GraphQL (Function.files).
    return { Configuration: await this.configuration(caller, target), Code: { RepositoryType: 'FNBOX' }, Tags: {} };
  }

  async getConfiguration(caller: LambdaCaller, name: string, qualifier: string | null): Promise<FunctionConfiguration> {
    return this.configuration(caller, await this.resolve(caller, name, qualifier, 'manage'));
  }

  /** The caller's own functions by name, `maxItems` at a time; `marker` continues after the last one sent. */
  async list(caller: LambdaCaller, marker: string | null, maxItems: string | null) {
    const limit = maxItems === null ? PAGE.default : Number(maxItems);
    allowIf(mayUseAccount(caller.viewer));
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE.max) throw lambdaError('InvalidParameterValueException', `MaxItems must be 1-${PAGE.max}`);
    const after = marker ? decodeMarker(marker) : undefined;
    const own = (await this.functions.list(caller.viewer)).filter((fn) => fn.owner_id === caller.viewer.id).sort(byNameThenId);
    const rest = after ? own.filter((fn) => byNameThenId(fn, after) > 0) : own;
    const page = rest.slice(0, limit);
    const Functions = await Promise.all(page.map((fn) => this.configuration(caller, { fn, version: '$LATEST' })));
    const last = page.at(-1);
    return { Functions, ...(rest.length > limit && last ? { NextMarker: encodeMarker(last) } : {}) };
  }

  async updateCode(caller: LambdaCaller, name: string, body: Body): Promise<FunctionConfiguration> {
    const { fn } = await this.resolve(caller, name, null, 'manage');
    // New code keeps the function's handler, as Lambda's does.
    const input = { handler: fn.handler ?? DEFAULT_HANDLER[fn.runtime], ...codeInput(body) };
    return this.configuration(caller, { fn: await this.functions.update(caller.viewer, fn.id, input), version: '$LATEST' });
  }

  async updateConfiguration(caller: LambdaCaller, name: string, body: Body): Promise<FunctionConfiguration> {
    const { fn } = await this.resolve(caller, name, null, 'manage');
    return this.configuration(caller, { fn: await this.functions.update(caller.viewer, fn.id, configurationInput(body)), version: '$LATEST' });
  }

  async delete(caller: LambdaCaller, name: string, qualifier: string | null): Promise<void> {
    const target = await this.resolve(caller, name, qualifier, 'manage');
    if (target.version !== '$LATEST' && qualifier) throw lambdaError('InvalidParameterValueException', 'fnbox deletes whole functions: leave out the Qualifier');
    await this.functions.delete(caller.viewer, target.fn.id);
  }

  /** Runs the function (RequestResponse), queues it durably (Event: 202) or only checks it may (DryRun: 204). */
  async invoke(caller: LambdaCaller, name: string, qualifier: string | null, type: InvocationType, payload: Buffer, tail: boolean): Promise<{ status: number } & Partial<InvokeResponse>> {
    const target = await this.resolve(caller, name, qualifier, 'invoke');
    const event = parsePayload(payload);
    if (type === 'DryRun') return { status: 204 };
    if (type === 'Event') {
      const accepted = await this.asyncInvocations.enqueue(target.fn, event, 'API');
      return { status: 202, headers: { 'x-fnbox-invocation-id': accepted.id }, body: '' };
    }
    const row = await this.invocations.run(target.fn, event, 'API');
    return { status: 200, ...invokeResponse(row, String(row.function_version), tail) };
  }

  /**
   * The caller's function a FunctionName addresses: its name among the caller's functions, its
   * id, or an ARN of the caller's account. Another user's function is "not found", never
   * "forbidden", so names do not leak. A scoped API key must cover what is done (`action`).
   */
  private async resolve(caller: LambdaCaller, name: string, qualifier: string | null, action: 'manage' | 'invoke'): Promise<Target> {
    const address = parseFunctionName(name, qualifier);
    const fn = await this.findOwn(caller.viewer, address.name);
    const notFound = () => lambdaError('ResourceNotFoundException', `Function not found: ${functionArn(caller.region, { owner_id: caller.viewer.id, name: address.name }, address.qualifier)}`);
    if (!fn || (address.account !== undefined && address.account !== accountIdFor(fn.owner_id))) throw notFound();
    allowIf(action === 'invoke' ? mayInvokeFunction(caller.viewer, fn.name) : mayManageFunction(caller.viewer, fn.name));
    const version = address.qualifier ?? '$LATEST';
    // Published versions and aliases: only the current version until they are addressable.
    if (version !== '$LATEST' && version !== String(fn.version)) throw notFound();
    return { fn, version };
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

  private async configuration(caller: LambdaCaller, { fn, version }: Target): Promise<FunctionConfiguration> {
    const files = await this.functions.files(fn);
    const codeSize = files.length > 0 ? files.reduce((sum, file) => sum + file.data.length, 0) : Buffer.byteLength(fn.code);
    return functionConfiguration({ fn, region: caller.region, codeSize, state: stateOf(fn), version });
  }
}

/** A scoped API key doing what it may not: AccessDeniedException. */
function allowIf(allowed: boolean): void {
  if (!allowed) throw lambdaError('AccessDeniedException', OUT_OF_SCOPE);
}

/** A function without builds is ready as soon as it is written. */
function stateOf(_fn: FunctionRow): FunctionState {
  return { State: 'Active', LastUpdateStatus: 'Successful' };
}

const byNameThenId = (a: Pick<FunctionRow, 'name' | 'id'>, b: Pick<FunctionRow, 'name' | 'id'>) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const encodeMarker = (fn: FunctionRow) => Buffer.from(JSON.stringify([fn.name, fn.id])).toString('base64url');

function decodeMarker(marker: string): Pick<FunctionRow, 'name' | 'id'> {
  try {
    const [name, id] = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    /* answered below */
  }
  throw lambdaError('InvalidParameterValueException', 'Marker is not one this API returned');
}
