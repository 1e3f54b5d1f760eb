import type { AliasService, CanaryInput } from '../aliases/alias.service.js';
import type { AliasRow } from '../aliases/alias.table.js';
import type { FunctionService } from '../functions/function.service.js';
import type { VersionRouter } from '../functions/version.router.js';
import { lambdaError } from './lambda.errors.js';
import type { LambdaCaller, LambdaResolver } from './lambda.resolver.js';
import { functionArn, type FunctionConfiguration } from './lambda.shapes.js';

type Body = Record<string, unknown>;

/**
 * Versions and aliases in Lambda's terms, over the aliases service (server/aliases/). Every
 * change of a function already publishes an immutable numbered version, so PublishVersion
 * publishes nothing new: it answers the newest version. An alias's RoutingConfig
 * (AdditionalVersionWeights, one version) is its canary.
 */
export class LambdaVersions {
  constructor(
    private readonly resolver: LambdaResolver,
    private readonly functions: FunctionService,
    private readonly aliases: AliasService,
    private readonly versions: Pick<VersionRouter, 'atVersion'>,
  ) {}

  async publishVersion(caller: LambdaCaller, name: string): Promise<FunctionConfiguration> {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    return this.resolver.configuration(caller, { fn, row: fn, version: String(fn.version), qualifier: String(fn.version) });
  }

  /** `$LATEST`, then every version, newest first (fnbox keeps them all). */
  async listVersions(caller: LambdaCaller, name: string) {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    const versions = await this.functions.listVersions(caller.viewer, fn.id);
    const configurations = [await this.resolver.configuration(caller, { fn, row: fn, version: '$LATEST' })];
    for (const { version } of versions) {
      configurations.push(await this.resolver.configuration(caller, { fn, row: await this.versions.atVersion(fn, version), version: String(version), qualifier: String(version) }));
    }
    return { Versions: configurations };
  }

  async createAlias(caller: LambdaCaller, name: string, body: Body) {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    const aliasName = String(body.Name ?? '');
    if ((await this.aliases.listOf(fn)).some((alias) => alias.name === aliasName)) throw lambdaError('ResourceConflictException', `Alias already exists: ${aliasName}`);
    const row = await this.aliases.set(caller.viewer, fn.id, aliasName, versionNumber(body.FunctionVersion), canaryOf(body.RoutingConfig));
    return aliasConfiguration(caller, fn, row);
  }

  async getAlias(caller: LambdaCaller, name: string, aliasName: string) {
    const { fn, alias } = await this.existing(caller, name, aliasName);
    return aliasConfiguration(caller, fn, alias);
  }

  /** Only what is given changes: without RoutingConfig the canary stays, with an empty one it ends. */
  async updateAlias(caller: LambdaCaller, name: string, aliasName: string, body: Body) {
    const { fn, alias } = await this.existing(caller, name, aliasName);
    const version = body.FunctionVersion === undefined ? alias.version : versionNumber(body.FunctionVersion);
    const canary = body.RoutingConfig === undefined ? currentCanary(alias) : canaryOf(body.RoutingConfig);
    return aliasConfiguration(caller, fn, await this.aliases.set(caller.viewer, fn.id, aliasName, version, canary));
  }

  async deleteAlias(caller: LambdaCaller, name: string, aliasName: string): Promise<void> {
    const { fn } = await this.existing(caller, name, aliasName);
    await this.aliases.delete(caller.viewer, fn.id, aliasName);
  }

  async listAliases(caller: LambdaCaller, name: string) {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    return { Aliases: (await this.aliases.listOf(fn)).map((alias) => aliasConfiguration(caller, fn, alias)) };
  }

  private async existing(caller: LambdaCaller, name: string, aliasName: string) {
    const { fn } = await this.resolver.resolve(caller, name, null, 'manage');
    const alias = (await this.aliases.listOf(fn)).find((a) => a.name === aliasName);
    if (!alias) throw lambdaError('ResourceNotFoundException', `Alias not found: ${functionArn(caller.region, fn, aliasName)}`);
    return { fn, alias };
  }
}

function aliasConfiguration(caller: LambdaCaller, fn: Parameters<typeof functionArn>[1], alias: AliasRow) {
  return {
    AliasArn: functionArn(caller.region, fn, alias.name),
    Name: alias.name,
    FunctionVersion: String(alias.version),
    Description: '',
    ...(alias.canary_version !== null && alias.canary_weight !== null ? { RoutingConfig: { AdditionalVersionWeights: { [String(alias.canary_version)]: alias.canary_weight } } } : {}),
    RevisionId: `${alias.updated_at}`,
  };
}

/** An alias names a published version: fnbox's aliases point at numbers, never at $LATEST. */
function versionNumber(value: unknown): number {
  if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)) return Number(value);
  throw lambdaError('InvalidParameterValueException', 'FunctionVersion must be a version number (fnbox aliases do not point at $LATEST)');
}

function canaryOf(routing: unknown): CanaryInput | null {
  const weights = (routing as { AdditionalVersionWeights?: Record<string, unknown> } | null | undefined)?.AdditionalVersionWeights ?? {};
  const entries = Object.entries(weights);
  if (entries.length === 0) return null;
  if (entries.length > 1) throw lambdaError('InvalidParameterValueException', 'AdditionalVersionWeights takes one version');
  const [version, weight] = entries[0]!;
  if (typeof weight !== 'number') throw lambdaError('InvalidParameterValueException', 'AdditionalVersionWeights values are numbers between 0 and 1');
  return { version: versionNumber(version), weight };
}

const currentCanary = (alias: AliasRow): CanaryInput | null =>
  alias.canary_version !== null && alias.canary_weight !== null ? { version: alias.canary_version, weight: alias.canary_weight } : null;
