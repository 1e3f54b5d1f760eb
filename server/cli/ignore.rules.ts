/**
 * `.fnboxignore`, read like a .gitignore: blank lines and `#` comments skipped, `!` re-includes,
 * a trailing `/` matches folders only, a pattern with a `/` (other than trailing) is anchored at
 * the folder of fnbox.json's function, `*` and `?` stay within a path segment, `**` crosses
 * them. The last matching rule wins.
 */
export interface IgnoreRule {
  negate: boolean;
  directoryOnly: boolean;
  pattern: RegExp;
}

/** Never bundled, whatever the file says: version control, local dependencies, caches. */
export const ALWAYS_IGNORED = ['.git/', 'node_modules/', '__pycache__/', '.venv/', '*.pyc', '.DS_Store', '.fnboxignore'];

export function parseIgnore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ negate, directoryOnly, pattern: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegExp(line)}$`) });
  }
  return rules;
}

/** Whether `relativePath` ("/"-separated) is ignored; `isDirectory` for folders. */
export function isIgnored(rules: IgnoreRule[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.pattern.test(relativePath)) ignored = !rule.negate;
  }
  return ignored;
}

function globToRegExp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // "**/" is any number of folders, a trailing "**" everything below.
      out += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else out += escape(c);
  }
  return out;
}

const escape = (c: string) => c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
