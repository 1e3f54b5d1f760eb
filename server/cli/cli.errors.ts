/**
 * Exit codes CI can rely on (documented in the README and in `fnbox --help`):
 * 0 done, 1 failed (the server refused or failed, a build failed, the network), 2 usage (bad
 * arguments, an invalid fnbox.json), 3 the function itself failed (invoke: ERROR, TIMEOUT or
 * OOM), 4 not signed in or the credentials were refused.
 */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, FUNCTION_ERROR: 3, AUTH: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An expected failure: its message is printed as is (no stack) and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.FAILURE,
    /** The server's `extensions.code`, when the failure came from the API. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.USAGE, 'USAGE');
