import { CliError } from './cli.errors.js';

/**
 * Human output on stdout by default; with --json, one JSON document per command on stdout
 * and nothing else there (CI pipes it to jq). Progress goes to stderr, and only on a TTY.
 */
export class Output {
  private spinner: NodeJS.Timeout | undefined;
  private status = '';

  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** A line for people; dropped under --json. */
  line(text = ''): void {
    if (!this.json) this.write(`${text}\n`);
  }

  /** The command's result: printed by `human` (default) or as JSON (--json). */
  result(value: unknown, human?: () => void): void {
    if (this.json) this.write(`${JSON.stringify(value, null, 2)}\n`);
    else human?.();
  }

  /** One event of a stream (logs --follow) as a JSON line; nothing for people. */
  event(value: unknown): void {
    if (this.json) this.write(`${JSON.stringify(value)}\n`);
  }

  /** A fixed-width table for people. */
  table<T extends object>(rows: T[], columns: (keyof T & string)[]): void {
    if (this.json) return;
    const cell = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
    const format = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
    this.line(format(columns.map((c) => c.toUpperCase())));
    for (const row of rows) this.line(format(columns.map((c) => cell(row[c]))));
  }

  /** Shows what a slow step is doing (stderr, TTY only); `done` clears it. */
  progress(text: string): void {
    if (!this.stderr.isTTY) return;
    this.status = text;
    if (!this.spinner) {
      let frame = 0;
      const frames = ['|', '/', '-', '\\'];
      this.spinner = setInterval(() => this.stderr.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${this.status}`), 100);
      this.spinner.unref();
    }
  }

  done(): void {
    if (!this.spinner) return;
    clearInterval(this.spinner);
    this.spinner = undefined;
    this.stderr.write('\r\x1b[2K');
  }

  /** Progress worth keeping in a CI log (a build's output): the spinner's text on a TTY, a line on stderr otherwise. */
  step(text: string): void {
    if (this.stderr.isTTY) this.progress(text);
    else this.note(text);
  }

  /** A warning or note for people, on stderr (even under --json, where stdout is the result only). */
  note(text: string): void {
    this.done();
    this.stderr.write(`${text}\n`);
  }

  error(error: CliError): void {
    this.done();
    if (this.json) this.write(`${JSON.stringify({ error: { code: error.code ?? 'FAILED', message: error.message, exitCode: error.exitCode } })}\n`);
    this.stderr.write(`fnbox: ${error.message}\n`);
  }

  private write(text: string): void {
    this.done();
    this.stdout.write(text);
  }
}
