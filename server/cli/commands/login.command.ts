import os from 'node:os';
import readline from 'node:readline';
import type { Command } from 'commander';
import { ApiClient } from '../api.client.js';
import { DEFAULT_URL, normaliseUrl, readConfig, writeConfig } from '../cli.config.js';
import { usageError } from '../cli.errors.js';
import type { CliRunner } from '../cli.program.js';

export function registerLogin(program: Command, run: CliRunner): void {
  program
    .command('login')
    .description('Sign in and store an API key for the server (asks for what the flags do not give)')
    .option('--email <email>', 'account email (or username)')
    .option('--password <password>', 'password; prefer the prompt or FNBOX_PASSWORD, flags end up in shell history')
    .option('--key-name <name>', 'name of the API key to mint', `fnbox CLI on ${os.hostname()}`.slice(0, 64))
    .option('--expires-in-days <days>', 'the key stops working after this many days (default never)')
    .action(
      run(async (opts: { url?: string; email?: string; password?: string; keyName: string; expiresInDays?: string }, { out }) => {
        const config = readConfig();
        const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
        const url = normaliseUrl(opts.url ?? process.env.FNBOX_URL ?? (interactive ? (await ask('Server URL', config.current ?? DEFAULT_URL)) : (config.current ?? DEFAULT_URL)));
        const email = opts.email ?? process.env.FNBOX_EMAIL ?? (interactive ? await ask('Email') : undefined);
        const password = opts.password ?? process.env.FNBOX_PASSWORD ?? (interactive ? await ask('Password', undefined, true) : undefined);
        if (!email || !password) throw usageError('login needs --email and a password (--password or FNBOX_PASSWORD) when not run in a terminal');
        const days = opts.expiresInDays === undefined ? undefined : Number(opts.expiresInDays);
        if (days !== undefined && !(days > 0)) throw usageError('--expires-in-days must be a positive number');

        out.progress(`signing in to ${url}`);
        const anonymous = new ApiClient({ url, token: undefined });
        const { login } = await anonymous.request<{ login: { token: string; user: { email: string } } }>(
          'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { email } } }',
          { e: email, p: password },
          { anonymous: true },
        );
        const signedIn = new ApiClient({ url, token: login.token });
        const expiresAt = days === undefined ? null : new Date(Date.now() + days * 86_400_000).toISOString();
        const { createApiKey } = await signedIn.request<{ createApiKey: { key: string; apiKey: { id: string; name: string } } }>(
          'mutation($n: String!, $x: DateTime) { createApiKey(name: $n, expiresAt: $x) { key apiKey { id name } } }',
          { n: opts.keyName, x: expiresAt },
        );
        config.servers[url] = { token: createApiKey.key, email: login.user.email, keyId: createApiKey.apiKey.id };
        config.current = url;
        const file = writeConfig(config);
        out.result({ url, email: login.user.email, apiKeyId: createApiKey.apiKey.id, config: file }, () =>
          out.line(`Signed in to ${url} as ${login.user.email}; API key "${createApiKey.apiKey.name}" stored in ${file}`),
        );
      }),
    );
}

/** One line from the terminal (stderr carries the prompt, so stdout stays the result). */
function ask(question: string, fallback?: string, secret = false): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    if (secret) {
      // Echo nothing of what is typed after the prompt.
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => (s.startsWith(`${question}: `) ? write(s) : undefined);
    }
    rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `, (answer) => {
      if (secret) process.stderr.write('\n');
      rl.close();
      resolve(answer.trim() || fallback || '');
    });
  });
}
