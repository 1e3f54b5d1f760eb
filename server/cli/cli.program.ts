import { Command, CommanderError, Option } from 'commander';
import { contextFor, type CliContext } from './cli.context.js';
import { CliError, EXIT } from './cli.errors.js';
import { Output } from './cli.output.js';
import { registerDeploy } from './commands/deploy.command.js';
import { registerFunctionCommands } from './commands/functions.command.js';
import { registerInit } from './commands/init.command.js';
import { registerInvoke } from './commands/invoke.command.js';
import { registerLogin } from './commands/login.command.js';
import { registerLogs } from './commands/logs.command.js';
import { registerSchedules } from './commands/schedules.command.js';
import { registerSecrets } from './commands/secrets.command.js';

/** Wraps a command's work: builds its context, prints a CliError plainly, sets the exit code. */
export type CliRunner = <O extends object>(
  work: (options: O & GlobalOptions, context: CliContext, args: string[]) => Promise<void>,
) => (...received: unknown[]) => Promise<void>;

/** The options every command has (program-level). */
export interface GlobalOptions {
  url?: string;
  json?: boolean;
}

const EXIT_CODES = `
Exit codes: 0 done, 1 failed (server, network or a failed build), 2 usage (arguments, fnbox.json),
3 the function failed (invoke: ERROR, TIMEOUT, OOM), 4 not signed in or credentials refused.
Environment: FNBOX_URL and FNBOX_TOKEN (a JWT or an API key) override the stored login.`;

export function buildProgram(version: string): Command {
  const program = new Command('fnbox')
    .description('Deploy, invoke and follow fnbox functions from a terminal or CI')
    .version(version)
    .addOption(new Option('--url <url>', 'fnbox server (default: FNBOX_URL, then the last `fnbox login`)'))
    .option('--json', 'print machine-readable JSON on stdout')
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_CODES)
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();

  const run: CliRunner = (work) => async (...received) => {
    const command = received.at(-1) as Command;
    const args = received.slice(0, -2).flatMap((a) => (Array.isArray(a) ? a : a === undefined ? [] : [String(a)]));
    const options = command.optsWithGlobals();
    const out = new Output(Boolean(options.json));
    const context = contextFor(options, out);
    try {
      await work(options as never, context, args);
      out.done();
    } catch (error) {
      const failure = error instanceof CliError ? error : new CliError(error instanceof Error ? error.message : String(error), EXIT.FAILURE);
      out.error(failure);
      process.exitCode = failure.exitCode;
    } finally {
      await context.api.close();
    }
  };

  registerLogin(program, run);
  registerInit(program, run);
  registerDeploy(program, run);
  registerInvoke(program, run);
  registerLogs(program, run);
  registerFunctionCommands(program, run);
  registerSecrets(program, run);
  registerSchedules(program, run);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

/** Runs the CLI on argv; resolves to the exit code. */
export async function runCli(argv: string[], version: string): Promise<number> {
  const program = buildProgram(version);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; a bad option or argument is a usage error.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    throw error;
  }
  return Number(process.exitCode ?? EXIT.OK);
}
