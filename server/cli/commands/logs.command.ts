import type { Command } from 'commander';
import type { ApiClient } from '../api.client.js';
import { findFunction } from '../cli.context.js';
import { usageError } from '../cli.errors.js';
import type { Output } from '../cli.output.js';
import type { CliRunner } from '../cli.program.js';

interface LoggedInvocation {
  id: string;
  status: string;
  queuedAt: string;
  durationMs: number | null;
  error: string | null;
  logs: string;
}

const FIELDS = 'id status queuedAt durationMs error logs';

export function registerLogs(program: Command, run: CliRunner): void {
  program
    .command('logs <name>')
    .description("Print a function's recent invocation logs; --follow streams new ones as they are printed")
    .option('-n, --limit <count>', 'how many recent invocations (1-200)', '20')
    .option('-f, --follow', 'keep streaming until interrupted (Ctrl-C)')
    .action(
      run(async (opts: { limit: string; follow?: boolean }, { api, out }, [name]) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw usageError('--limit must be 1-200');
        const fn = await findFunction(api, name!);
        const { invocations } = await api.request<{ invocations: { edges: { node: LoggedInvocation }[] } }>(
          `query($id: ID!, $n: Int) { invocations(functionId: $id, first: $n) { edges { node { ${FIELDS} } } } }`,
          { id: fn.id, n: limit },
        );
        const recent = invocations.edges.map((e) => e.node).reverse();
        if (!opts.follow) return out.result(recent, () => recent.forEach((i) => printInvocation(out, i)));
        for (const i of recent) out.json ? out.event(i) : printInvocation(out, i);
        await follow(api, out, fn.id);
      }),
    );
}

/**
 * Streams the function's output as it is printed (`functionLogs`, the live logs API) and a
 * summary line as each invocation finishes; a server without live logs sends each
 * invocation's logs when it finishes. Ends on Ctrl-C.
 */
async function follow(api: ApiClient, out: Output, functionId: string): Promise<void> {
  const live = await api.hasField('Subscription', 'functionLogs');
  const streams: { done: Promise<void>; stop: () => void }[] = [];
  if (live) {
    streams.push(
      api.subscribe<{ functionLogs: { invocationId: string; text: string; final: boolean } }>(
        'subscription($id: ID!) { functionLogs(functionId: $id) { invocationId text final } }',
        { id: functionId },
        ({ functionLogs: chunk }) => {
          if (out.json) out.event(chunk);
          else if (chunk.text) process.stdout.write(prefixLines(chunk.invocationId, chunk.text));
        },
      ),
    );
  }
  streams.push(
    api.subscribe<{ invocationEvents: { type: string; invocation: LoggedInvocation } }>(
      `subscription($id: ID) { invocationEvents(functionId: $id) { type invocation { ${FIELDS} } } }`,
      { id: functionId },
      ({ invocationEvents: { type, invocation } }) => {
        if (type !== 'FINISHED') return;
        if (out.json) out.event(live ? { ...invocation, logs: undefined } : invocation);
        else if (live) out.line(summary(invocation));
        else printInvocation(out, invocation);
      },
    ),
  );
  const ended = Promise.all(streams.map((s) => s.done));
  await Promise.race([api.connected, ended]);
  out.note(`following (Ctrl-C to stop)${live ? '' : '; this server sends logs when each invocation finishes'}`);
  const stop = () => streams.forEach((s) => s.stop());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await ended;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function printInvocation(out: Output, invocation: LoggedInvocation): void {
  if (invocation.logs) out.line(prefixLines(invocation.id, invocation.logs).trimEnd());
  out.line(summary(invocation));
}

function summary(i: LoggedInvocation): string {
  const took = i.durationMs === null ? '' : ` in ${i.durationMs.toFixed(1)} ms`;
  return `${i.queuedAt} ${i.id.slice(0, 8)} ${i.status}${took}${i.error ? `: ${i.error}` : ''}`;
}

function prefixLines(id: string, text: string): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((line) => `${id.slice(0, 8)} | ${line}\n`).join('');
}
