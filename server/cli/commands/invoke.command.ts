import fs from 'node:fs';
import type { Command } from 'commander';
import { findFunction } from '../cli.context.js';
import { CliError, EXIT, usageError } from '../cli.errors.js';
import type { CliRunner } from '../cli.program.js';

interface InvocationView {
  id: string;
  status: string;
  result: unknown;
  error: string | null;
  logs: string;
  durationMs: number | null;
  coldStart: boolean;
}

export function registerInvoke(program: Command, run: CliRunner): void {
  program
    .command('invoke <name>')
    .description('Run a function and print its result (exit 3 when the function fails)')
    .option('--data <json>', 'the event, as JSON (default {})')
    .option('--file <file>', 'read the event from a JSON file ("-" for stdin)')
    .option('--logs', 'also print what the function printed (on stderr)')
    .action(
      run(async (opts: { data?: string; file?: string; logs?: boolean }, { api, out }, [name]) => {
        if (opts.data !== undefined && opts.file !== undefined) throw usageError('give --data or --file, not both');
        const input = parseEvent(opts.data ?? (opts.file !== undefined ? fs.readFileSync(opts.file === '-' ? 0 : opts.file, 'utf8') : undefined));
        const fn = await findFunction(api, name!);
        out.progress(`invoking ${fn.name}`);
        const { invokeFunction: invocation } = await api.request<{ invokeFunction: InvocationView }>(
          'mutation($id: ID!, $input: JSON) { invokeFunction(id: $id, input: $input) { id status result error logs durationMs coldStart } }',
          { id: fn.id, input },
        );
        out.result(invocation, () => {
          if (opts.logs && invocation.logs) out.note(invocation.logs.trimEnd());
          if (invocation.status === 'SUCCESS') out.line(JSON.stringify(invocation.result, null, 2));
        });
        if (invocation.status !== 'SUCCESS') {
          if (!opts.logs && invocation.logs && !out.json) out.note(invocation.logs.trimEnd());
          throw new CliError(`${fn.name} ${invocation.status}: ${invocation.error ?? 'no error message'} (invocation ${invocation.id})`, EXIT.FUNCTION_ERROR, `FUNCTION_${invocation.status}`);
        }
      }),
    );
}

function parseEvent(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usageError(`the event is not valid JSON: ${(error as Error).message}`);
  }
}
