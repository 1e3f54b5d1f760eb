import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFolder } from '../../server/cli/folder.bundle.js';
import { isIgnored, parseIgnore } from '../../server/cli/ignore.rules.js';

// .fnboxignore reads like a .gitignore: what `fnbox deploy` leaves out of a bundle.

describe('.fnboxignore rules', () => {
  const ignored = (rules: string, file: string, dir = false) => isIgnored(parseIgnore(rules), file, dir);

  it('matches names anywhere, anchored paths from the root, folders with a trailing slash', () => {
    expect(ignored('*.log', 'debug.log')).toBe(true);
    expect(ignored('*.log', 'src/deep/debug.log')).toBe(true);
    expect(ignored('/build', 'build', true)).toBe(true);
    expect(ignored('/build', 'src/build', true)).toBe(false);
    expect(ignored('docs/*.md', 'docs/a.md')).toBe(true);
    expect(ignored('docs/*.md', 'docs/sub/a.md')).toBe(false);
    expect(ignored('docs/**/*.md', 'docs/sub/a.md')).toBe(true);
    expect(ignored('tmp/', 'tmp', true)).toBe(true);
    expect(ignored('tmp/', 'tmp', false)).toBe(false);
    expect(ignored('file?.txt', 'file1.txt')).toBe(true);
    expect(ignored('file?.txt', 'file10.txt')).toBe(false);
  });

  it('skips comments and blanks, and the last matching rule wins (! re-includes)', () => {
    const rules = '# secrets\n\n*.env\n!public.env\n';
    expect(ignored(rules, 'prod.env')).toBe(true);
    expect(ignored(rules, 'public.env')).toBe(false);
    expect(ignored(rules, '# secrets')).toBe(false);
  });

  it('bundles a folder without what the rules and the built-in list leave out', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-ignore-'));
    try {
      const write = (file: string, content: string | Buffer) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), content);
      };
      write('main.py', 'def handler(): return 1\n');
      write('lib/util.py', 'X = 1\n');
      write('lib/__pycache__/util.cpython-312.pyc', Buffer.from([0, 1, 2]));
      write('node_modules/left/index.js', '');
      write('.git/HEAD', 'ref');
      write('notes/todo.md', 'later');
      write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]));
      write('.fnboxignore', 'notes/\n');
      const files = bundleFolder(dir, dir);
      expect(files.map((f) => f.path)).toEqual(['lib/util.py', 'logo.png', 'main.py']);
      expect(files.find((f) => f.path === 'logo.png')).toEqual({ path: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0xff]).toString('base64'), base64: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
