import type { Command } from 'commander';
import type { ApiClient } from '../api.client.js';
import { findFunction, ownFunctions, routeUrl } from '../cli.context.js';
import { usageError } from '../cli.errors.js';
import type { CliRunner } from '../cli.program.js';

interface VersionView {
  version: number;
  createdAt: string;
  runtime: string;
  handler: string;
  code: string;
  bundleSha256: string | null;
  route: string | null;
  timeoutMs: number;
  memoryMb: number;
  network: string;
  egressAllow: string[];
  secrets: string[];
  files: { path: string; content: string; base64: boolean }[];
}

export function registerFunctionCommands(program: Command, run: CliRunner): void {
  program
    .command('ls')
    .description('List your functions')
    .action(
      run(async (_opts, { api, out }) => {
        const functions = await ownFunctions(api);
        const rows = functions.map((fn) => ({ ...fn, url: routeUrl(api, fn.route) }));
        out.result(rows, () => (rows.length ? out.table(rows, ['name', 'runtime', 'version', 'access', 'url', 'updatedAt']) : out.line('No functions yet: fnbox init, then fnbox deploy')));
      }),
    );

  program
    .command('rm <name>')
    .description('Delete a function, its versions and schedules')
    .action(
      run(async (_opts, { api, out }, [name]) => {
        const fn = await findFunction(api, name!);
        await api.request('mutation($id: ID!) { deleteFunction(id: $id) }', { id: fn.id });
        out.result({ deleted: fn.name, id: fn.id }, () => out.line(`Deleted ${fn.name}`));
      }),
    );

  program
    .command('versions <name>')
    .description("List a function's versions, newest first")
    .action(
      run(async (_opts, { api, out }, [name]) => {
        const fn = await findFunction(api, name!);
        const { function: found } = await api.request<{ function: { version: number; versions: VersionView[] } }>(
          'query($id: ID!) { function(id: $id) { version versions { version createdAt runtime handler bundleSha256 route memoryMb timeoutMs } } }',
          { id: fn.id },
        );
        const rows = found.versions.map((v) => ({ ...v, current: v.version === found.version ? '*' : '', bundle: v.bundleSha256?.slice(0, 12) ?? 'code' }));
        out.result(found.versions, () => out.table(rows, ['current', 'version', 'createdAt', 'runtime', 'handler', 'bundle', 'route']));
      }),
    );

  program
    .command('rollback <name> <version>')
    .description('Make a new version equal to <version> (the alias "live" follows it, when there is one)')
    .action(
      run(async (_opts, { api, out }, [name, versionArg]) => {
        const version = Number(versionArg);
        if (!Number.isInteger(version) || version < 1) throw usageError('<version> must be a version number (see fnbox versions)');
        const fn = await findFunction(api, name!);
        out.progress(`rolling ${fn.name} back to v${version}`);
        const now = await rollback(api, fn.id, version);
        out.result({ name: fn.name, id: fn.id, version: now, rolledBackTo: version }, () => out.line(`${fn.name} is now v${now}, equal to v${version}`));
      }),
    );
}

/** `rollbackFunction` where the server has it; otherwise the same done by hand: the old version's code and settings as a new version. */
async function rollback(api: ApiClient, id: string, version: number): Promise<number> {
  if (await api.hasField('Mutation', 'rollbackFunction')) {
    const data = await api.request<{ rollbackFunction: { version: number } }>('mutation($id: ID!, $v: Int!) { rollbackFunction(id: $id, version: $v) { version } }', { id, v: version });
    return data.rollbackFunction.version;
  }
  const { functionVersion: old } = await api.request<{ functionVersion: VersionView }>(
    'query($id: ID!, $v: Int!) { functionVersion(id: $id, version: $v) { runtime handler code bundleSha256 route timeoutMs memoryMb network egressAllow secrets files { path content base64 } } }',
    { id, v: version },
  );
  const source = old.bundleSha256 ? { files: old.files, handler: old.handler } : { code: old.code };
  const input = { runtime: old.runtime, ...source, route: old.route, timeoutMs: old.timeoutMs, memoryMb: old.memoryMb, network: old.network, egressAllow: old.egressAllow, secrets: old.secrets };
  const data = await api.request<{ updateFunction: { version: number } }>('mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { version } }', { id, i: input });
  return data.updateFunction.version;
}
