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
 * Streams the function's invocations: each one's output as it is printed when the server has
 * `invocationLogs` (the live logs API), otherwise its logs when it finishes. Ends on Ctrl-C.
 */
async function follow(api: ApiClient, out: Output, functionId: string): Promise<void> {
  const live = await api.hasField('Subscription', 'invocationLogs');
  const streaming = new Map<string, () => void>();
  out.note(`following (Ctrl-C to stop)${live ? '' : '; this server sends logs when each invocation finishes'}`);
  const events = api.subscribe<{ invocationEvents: { type: string; invocation: LoggedInvocation } }>(
    `subscription($id: ID) { invocationEvents(functionId: $id) { type invocation { ${FIELDS} } } }`,
    { id: functionId },
    ({ invocationEvents: { type, invocation } }) => {
      if (type === 'STARTED' && live && !streaming.has(invocation.id)) {
        const stream = api.subscribe<{ invocationLogs: { text: string } }>(
          'subscription($id: ID!) { invocationLogs(invocationId: $id) { text } }',
          { id: invocation.id },
          ({ invocationLogs }) => (out.json ? out.event({ invocationId: invocation.id, text: invocationLogs.text }) : process.stdout.write(prefixLines(invocation.id, invocationLogs.text))),
        );
        stream.done.catch(() => undefined);
        streaming.set(invocation.id, stream.stop);
      }
      if (type !== 'FINISHED') return;
      if (streaming.has(invocation.id)) {
        streaming.delete(invocation.id);
        if (!out.json) out.line(summary(invocation));
        else out.event({ ...invocation, logs: undefined });
      } else if (out.json) out.event(invocation);
      else printInvocation(out, invocation);
    },
  );
  const stop = () => events.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await events.done;
  } finally {
    for (const end of streaming.values()) end();
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
