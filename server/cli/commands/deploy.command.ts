import path from 'node:path';
import type { Command } from 'commander';
import type { ApiClient } from '../api.client.js';
import { ownFunctions, routeUrl, type FunctionSummary } from '../cli.context.js';
import { CliError, EXIT } from '../cli.errors.js';
import type { Output } from '../cli.output.js';
import type { CliRunner } from '../cli.program.js';
import type { Upload } from '../api.client.js';
import { bundleFolder, tarGzip } from '../folder.bundle.js';
import { readManifest, type ManifestFunction, type ManifestSchedule } from '../manifest.file.js';
import { reconcileSchedules } from './schedule.sync.js';

interface Deployed {
  name: string;
  id: string;
  action: 'created' | 'updated' | 'unchanged';
  version: number;
  url: string | null;
  build?: { status: string; log: string };
  schedules: { created: number; deleted: number; kept: number };
}

const DEPLOYED_FIELDS = 'id name version route schedules { id expression timezone input enabled }';
/** Settings a manifest leaves out go back to the platform's defaults: the file is the whole truth. */
const DEFAULTS = { route: null, access: 'PRIVATE', network: 'NONE', memoryMb: 128, timeoutMs: 30_000, env: {}, secrets: [] };
const DEFAULT_HANDLER = { PYTHON: 'main.handler', NODE: 'index.handler' } as const;
const BUILD_POLL_MS = 500;
/** Past this much JSON the files go as a multipart .tar.gz upload (the server's JSON body cap is 1 MiB by default). */
const INLINE_FILES_BYTES = 512 * 1024;

export function registerDeploy(program: Command, run: CliRunner): void {
  program
    .command('deploy [dir]')
    .description('Create or update every function of <dir>/fnbox.json (default "."), with its files and schedules')
    .option('--prune', 'also delete your functions that fnbox.json does not name')
    .action(
      run(async (opts: { prune?: boolean }, { api, out }, [dirArg]) => {
        const dir = path.resolve(dirArg ?? '.');
        const manifest = readManifest(dir);
        out.progress('reading your functions');
        const existing = new Map((await ownFunctions(api)).map((fn) => [fn.name, fn]));
        const deployed: Deployed[] = [];
        for (const fn of manifest.functions) deployed.push(await deployOne(api, out, dir, fn, existing.get(fn.name)));
        const named = new Set(manifest.functions.map((fn) => fn.name));
        const pruned: string[] = [];
        if (opts.prune) {
          for (const fn of existing.values()) {
            if (named.has(fn.name)) continue;
            out.progress(`deleting ${fn.name}`);
            await api.request('mutation($id: ID!) { deleteFunction(id: $id) }', { id: fn.id });
            pruned.push(fn.name);
          }
        }
        const failed = deployed.filter((d) => d.build?.status === 'FAILED');
        out.result({ functions: deployed, pruned }, () => {
          for (const d of deployed) {
            const where = d.url ?? `fnbox invoke ${d.name}`;
            out.line(`${d.action.padEnd(9)} ${d.name} v${d.version}  ${where}`);
            const s = d.schedules;
            if (s.created || s.deleted) out.line(`          schedules: ${s.created} created, ${s.deleted} deleted, ${s.kept} kept`);
            if (d.build?.status === 'FAILED') out.line(`          build FAILED; the previous version keeps serving:\n${indent(d.build.log)}`);
          }
          for (const name of pruned) out.line(`deleted   ${name}`);
        });
        if (failed.length) throw new CliError(`build failed: ${failed.map((d) => d.name).join(', ')}`, EXIT.FAILURE, 'BUILD_FAILED');
      }),
    );
}

async function deployOne(api: ApiClient, out: Output, dir: string, fn: ManifestFunction, current: FunctionSummary | undefined): Promise<Deployed> {
  out.progress(`bundling ${fn.name}`);
  const files = bundleFolder(path.resolve(dir, fn.path), dir);
  const inline = JSON.stringify(files).length <= INLINE_FILES_BYTES;
  const upload: Upload | undefined = inline ? undefined : { variablePath: 'variables.i.archiveFile', data: await tarGzip(files), fileName: `${fn.name}.tar.gz` };
  const input = {
    runtime: fn.runtime,
    ...(inline ? { files } : { archiveFile: null }),
    handler: fn.handler ?? DEFAULT_HANDLER[fn.runtime],
    route: fn.route ?? DEFAULTS.route,
    access: fn.access ?? DEFAULTS.access,
    network: fn.network ?? DEFAULTS.network,
    memoryMb: fn.memoryMb ?? DEFAULTS.memoryMb,
    timeoutMs: fn.timeoutMs ?? DEFAULTS.timeoutMs,
    env: fn.env ?? DEFAULTS.env,
    secrets: fn.secrets ?? DEFAULTS.secrets,
  };
  out.progress(`${current ? 'updating' : 'creating'} ${fn.name} (${files.length} files)`);
  type Row = { id: string; name: string; version: number; route: string | null; schedules: (ManifestSchedule & { id: string })[] };
  const row = current
    ? (await api.request<{ updateFunction: Row }>(`mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { ${DEPLOYED_FIELDS} } }`, { id: current.id, i: input }, { upload }))
        .updateFunction
    : (await api.request<{ createFunction: Row }>(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { ${DEPLOYED_FIELDS} } }`, { i: { name: fn.name, ...input } }, { upload })).createFunction;
  const schedules = await reconcileSchedules(api, row.id, row.schedules, fn.schedules);
  const build = (await api.hasField('Function', 'build')) ? await waitForBuild(api, out, row.id, fn.name) : undefined;
  const action = !current ? 'created' : current.version === row.version ? 'unchanged' : 'updated';
  return { name: fn.name, id: row.id, action, version: row.version, url: routeUrl(api, row.route), ...(build ? { build } : {}), schedules };
}

/**
 * Follows the version's dependency build (when the server builds them) until it ends: each
 * status, and the installer's output as it comes (the last line on a TTY, every line in a CI log).
 */
async function waitForBuild(api: ApiClient, out: Output, id: string, name: string): Promise<{ status: string; log: string } | undefined> {
  let status = '';
  let printed = 0;
  for (;;) {
    const { function: fn } = await api.request<{ function: { build: { status: string; log: string } | null } }>('query($id: ID!) { function(id: $id) { build { status log } } }', { id });
    const build = fn.build;
    if (!build) return undefined;
    const running = build.status === 'QUEUED' || build.status === 'BUILDING';
    if (build.status !== status) out.step(`build of ${name}: ${build.status.toLowerCase()}`);
    status = build.status;
    if (!running) return build;
    // The log is a capped tail: when it was cut, go on from its start.
    if (build.log.length < printed) printed = 0;
    const complete = build.log.lastIndexOf('\n') + 1;
    for (const line of build.log.slice(printed, Math.max(printed, complete)).split('\n').filter(Boolean)) out.step(`  ${name} | ${line.slice(0, 200)}`);
    printed = Math.max(printed, complete);
    await new Promise((resolve) => setTimeout(resolve, BUILD_POLL_MS));
  }
}

const indent = (text: string) => text.trimEnd().split('\n').map((l) => `            ${l}`).join('\n');
