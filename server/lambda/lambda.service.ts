import { mayUseAccount } from '../auth/key.scope.js';
import type { FunctionService } from '../functions/function.service.js';
import type { FunctionRow } from '../functions/function.table.js';
import type { InvocationService } from '../invocations/invocation.service.js';
import type { AsyncInvocationService } from '../triggers/async.service.js';
import { lambdaError } from './lambda.errors.js';
import { codeInput, configurationInput, createInput } from './lambda.input.js';
import { invokeResponse, parsePayload, type InvocationType, type InvokeResponse } from './lambda.invoke.js';
import { allowIf, type LambdaCaller, type LambdaResolver, type Target } from './lambda.resolver.js';
import { DEFAULT_HANDLER, type FunctionConfiguration } from './lambda.shapes.js';

type Body = Record<string, unknown>;
/** ListFunctions: Lambda's default and largest page. */
const PAGE = { default: 50, max: 10_000 };
const latest = (fn: FunctionRow): Target => ({ fn, row: fn, version: '$LATEST' });

/**
 * The Lambda API's operations over the platform's services: functions (create, update,
 * delete), invocations (RequestResponse) and the durable async queue (Event). Every rule
 * stays in those services; this maps names, shapes and errors.
 */
export class LambdaService {
  constructor(
    private readonly resolver: LambdaResolver,
    private readonly functions: FunctionService,
    private readonly invocations: InvocationService,
    private readonly asyncInvocations: AsyncInvocationService,
  ) {}

  async create(caller: LambdaCaller, body: Body): Promise<FunctionConfiguration> {
    allowIf(mayUseAccount(caller.viewer));
    // A name taken among the caller's functions is CONFLICT there: ResourceConflictException here.
    const fn = await this.functions.create(caller.viewer, createInput(body));
    return this.resolver.configuration(caller, latest(fn));
  }

  async get(caller: LambdaCaller, name: string, qualifier: string | null) {
    const target = await this.resolver.resolve(caller, name, qualifier, 'manage');
    // Code.Location would be a download URL: fnbox serves a function's files through GraphQL (Function.files).
    return { Configuration: await this.resolver.configuration(caller, target), Code: { RepositoryType: 'FNBOX' }, Tags: {} };
  }

  async getConfiguration(caller: LambdaCaller, name: string, qualifier: string | null): Promise<FunctionConfiguration> {
    return this.resolver.configuration(caller, await this.resolver.resolve(caller, name, qualifier, 'manage'));
  }

  /** The caller's own functions by name, `maxItems` at a time; `marker` continues after the last one sent. */
  async list(caller: LambdaCaller, marker: string | null, maxItems: string | null) {
    allowIf(mayUseAccount(caller.viewer));
    const limit = maxItems === null ? PAGE.default : Number(maxItems);
    if (!Number.isInteger(limit) || limit < 1 || limit > PAGE.max) throw lambdaError('InvalidParameterValueException', `MaxItems must be 1-${PAGE.max}`);
    const after = marker ? decodeMarker(marker) : undefined;
    const own = (await this.functions.list(caller.viewer)).filter((fn) => fn.owner_id === caller.viewer.id).sort(byNameThenId);
    const rest = after ? own.filter((fn) => byNameThenId(fn, after) > 0) : own;
    const page = rest.slice(0, limit);
    const Functions = await Promise.all(page.map((fn) => this.resolver.configuration(caller, latest(fn))));
    const last = page.at(-1);
    return { Functions, ...(rest.length > limit && last ? { NextMarker: encodeMarker(last) } : {}) };
  }

  async updateCode(caller: LambdaCaller, name: string, body: Body): Promise<FunctionConfiguration> {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    // New code keeps the function's handler, as Lambda's does.
    const input = { handler: fn.handler ?? DEFAULT_HANDLER[fn.runtime], ...codeInput(body) };
    return this.resolver.configuration(caller, latest(await this.functions.update(caller.viewer, fn.id, input)));
  }

  async updateConfiguration(caller: LambdaCaller, name: string, body: Body): Promise<FunctionConfiguration> {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    return this.resolver.configuration(caller, latest(await this.functions.update(caller.viewer, fn.id, configurationInput(body))));
  }

  async delete(caller: LambdaCaller, name: string, qualifier: string | null): Promise<void> {
    const target = await this.resolver.resolve(caller, name, qualifier, 'manage');
    if (target.version !== '$LATEST' && qualifier) throw lambdaError('InvalidParameterValueException', 'fnbox deletes whole functions: leave out the Qualifier');
    await this.functions.delete(caller.viewer, target.fn.id);
  }

  /** Runs the function (RequestResponse), queues it durably (Event: 202) or only checks it may (DryRun: 204). */
  async invoke(caller: LambdaCaller, name: string, qualifier: string | null, type: InvocationType, payload: Buffer, tail: boolean): Promise<{ status: number } & Partial<InvokeResponse>> {
    const target = await this.resolver.resolve(caller, name, qualifier, 'invoke');
    const event = parsePayload(payload);
    if (type === 'DryRun') return { status: 204 };
    if (type === 'Event') {
      const accepted = await this.asyncInvocations.enqueue(target.fn, event, 'API', target.qualifier);
      return { status: 202, headers: { 'x-fnbox-invocation-id': accepted.id }, body: '' };
    }
    const row = await this.invocations.run(target.fn, event, 'API', target.qualifier);
    return { status: 200, ...invokeResponse(row, String(row.function_version), tail) };
  }
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
