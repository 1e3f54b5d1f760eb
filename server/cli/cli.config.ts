import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError, EXIT } from './cli.errors.js';

/**
 * The CLI's own file: per server URL, the API key `fnbox login` minted (JWTs expire, keys do
 * not unless asked to). $XDG_CONFIG_HOME/fnbox/config.json or ~/.config/fnbox/config.json,
 * mode 0600 in a 0700 directory. FNBOX_URL and FNBOX_TOKEN override it (CI sets those).
 */
export interface CliConfigFile {
  /** The server `fnbox` talks to when neither --url nor FNBOX_URL says. */
  current?: string;
  servers: Record<string, { token: string; email?: string; keyId?: string }>;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'fnbox');
}

export const configPath = (env: NodeJS.ProcessEnv = process.env) => path.join(configDir(env), 'config.json');

export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(configPath(env), 'utf8');
  } catch {
    return { servers: {} };
  }
  try {
    const parsed = JSON.parse(text) as Partial<CliConfigFile>;
    return { current: parsed.current, servers: parsed.servers && typeof parsed.servers === 'object' ? parsed.servers : {} };
  } catch {
    throw new CliError(`${configPath(env)} is not valid JSON: fix or delete it, then run fnbox login`, EXIT.FAILURE);
  }
}

/** Written to a temporary file (0600 from the start) and renamed, so no reader sees half a file. */
export function writeConfig(config: CliConfigFile, env: NodeJS.ProcessEnv = process.env): string {
  const dir = configDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = configPath(env);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
  return file;
}

export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `http://${url}`);
  } catch {
    throw new CliError(`Not a server URL: ${url}`, EXIT.USAGE);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(`Not an http(s) URL: ${url}`, EXIT.USAGE);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

export interface Target {
  url: string;
  token: string | undefined;
}

/** Which server and credential a command uses: --url, then FNBOX_URL, then the file's current server. */
export function resolveTarget(urlOption: string | undefined, env: NodeJS.ProcessEnv = process.env): Target {
  const config = readConfig(env);
  const url = normaliseUrl(urlOption ?? env.FNBOX_URL ?? config.current ?? DEFAULT_URL);
  return { url, token: env.FNBOX_TOKEN || config.servers[url]?.token };
}
