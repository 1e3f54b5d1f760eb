import fs from 'node:fs';
import path from 'node:path';
import { ALWAYS_IGNORED, isIgnored, parseIgnore, type IgnoreRule } from './ignore.rules.js';
import { usageError } from './cli.errors.js';

export interface BundledFile {
  path: string;
  content: string;
  base64?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The files of a function's folder as the API's FunctionFileInput list, sorted by path, minus
 * what `.fnboxignore` (in that folder, or next to fnbox.json) and ALWAYS_IGNORED leave out.
 * Binary files travel as base64. Symbolic links are skipped: a bundle holds regular files.
 */
export function bundleFolder(folder: string, manifestDir: string): BundledFile[] {
  const rules = [...parseIgnore(ALWAYS_IGNORED.join('\n')), ...readIgnoreFile(manifestDir), ...(path.resolve(folder) === path.resolve(manifestDir) ? [] : readIgnoreFile(folder))];
  const files: BundledFile[] = [];
  walk(folder, '', rules, files);
  if (files.length === 0) throw usageError(`${folder} has no files to deploy (see .fnboxignore)`);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function readIgnoreFile(dir: string): IgnoreRule[] {
  try {
    return parseIgnore(fs.readFileSync(path.join(dir, '.fnboxignore'), 'utf8'));
  } catch {
    return [];
  }
}

function walk(root: string, relative: string, rules: IgnoreRule[], out: BundledFile[]): void {
  for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!isIgnored(rules, child, true)) walk(root, child, rules, out);
    } else if (entry.isFile() && !isIgnored(rules, child, false)) {
      const data = fs.readFileSync(path.join(root, child));
      const text = asText(data);
      out.push(text === undefined ? { path: child, content: data.toString('base64'), base64: true } : { path: child, content: text });
    }
  }
}

function asText(data: Buffer): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}
