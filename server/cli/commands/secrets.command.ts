import fs from 'node:fs';
import type { Command } from 'commander';
import { usageError } from '../cli.errors.js';
import type { CliRunner } from '../cli.program.js';

export function registerSecrets(program: Command, run: CliRunner): void {
  const secrets = program.command('secrets').description('Your secrets: functions that list a name get it as an environment variable');
  secrets
    .command('set <name> [value]')
    .description('Create or replace a secret; without [value] it is read from stdin (keeps it out of shell history)')
    .action(
      run(async (_opts, { api, out }, [name, value]) => {
        const secret = value ?? readStdin();
        if (secret === '') throw usageError('the secret value is empty');
        await api.request('mutation($n: String!, $v: String!) { setSecret(name: $n, value: $v) { name } }', { n: name, v: secret });
        out.result({ name }, () => out.line(`Secret ${name} set`));
      }),
    );
  secrets
    .command('ls')
    .description('List your secrets (names and dates; values are never shown)')
    .action(
      run(async (_opts, { api, out }) => {
        const data = await api.request<{ secrets: { name: string; createdAt: string; updatedAt: string }[] }>('{ secrets { name createdAt updatedAt } }');
        out.result(data.secrets, () => (data.secrets.length ? out.table(data.secrets, ['name', 'createdAt', 'updatedAt']) : out.line('No secrets')));
      }),
    );
  secrets
    .command('rm <name>')
    .description('Delete a secret')
    .action(
      run(async (_opts, { api, out }, [name]) => {
        await api.request('mutation($n: String!) { deleteSecret(name: $n) }', { n: name });
        out.result({ deleted: name }, () => out.line(`Secret ${name} deleted`));
      }),
    );
}

function readStdin(): string {
  if (process.stdin.isTTY) throw usageError('give the value, or pipe it: echo -n "$VALUE" | fnbox secrets set NAME');
  return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}
