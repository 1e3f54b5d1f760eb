import { describe, expect, it } from 'vitest';
import { filesDiff, lineDiff, settingsDiff, type VersionShape } from '../../web/src/lib/diff.js';

const version = (over: Partial<VersionShape> = {}): VersionShape => ({
  runtime: 'PYTHON',
  handler: 'handler.handler',
  timeoutMs: 30000,
  memoryMb: 128,
  network: 'NONE',
  egressAllow: [],
  secrets: [],
  env: {},
  code: 'def handler():\n    return 1\n',
  bundleSha256: null,
  files: [],
  ...over,
});

describe('lineDiff', () => {
  it('keeps common lines and marks what was deleted and added, in order', () => {
    expect(lineDiff('a\nb\nc\nd', 'a\nx\nc\nd\ne')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'del', text: 'b' },
      { kind: 'add', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'same', text: 'd' },
      { kind: 'add', text: 'e' },
    ]);
  });

  it('rebuilds both texts from its operations, also for large files', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `line ${i % 7}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `line ${i % 5}`).join('\n');
    const ops = lineDiff(before, after);
    expect(ops.filter((o) => o.kind !== 'add').map((o) => o.text).join('\n')).toBe(before);
    expect(ops.filter((o) => o.kind !== 'del').map((o) => o.text).join('\n')).toBe(after);
  });
});

describe('settingsDiff and filesDiff', () => {
  it('list changed settings, env per variable, and changed files', () => {
    const a = version({ env: { STAGE: 'a', KEEP: '1' }, secrets: ['DB'] });
    const b = version({ env: { STAGE: 'b', KEEP: '1', NEW: 'x' }, timeoutMs: 5000, code: 'def handler():\n    return 2\n' });
    expect(settingsDiff(a, b)).toEqual([
      { field: 'timeout', before: '30000 ms', after: '5000 ms' },
      { field: 'secrets', before: 'DB', after: '(none)' },
      { field: 'env NEW', before: '(unset)', after: 'x' },
      { field: 'env STAGE', before: 'a', after: 'b' },
    ]);
    expect(filesDiff(a, b).map((f) => [f.path, f.change])).toEqual([['handler', 'changed']]);

    const bundle = version({ bundleSha256: 'abc', files: [{ path: 'main.py', content: 'x', base64: false }, { path: 'lib/a.py', content: 'y', base64: false }] });
    expect(filesDiff(a, bundle).map((f) => [f.path, f.change])).toEqual([
      ['handler', 'removed'],
      ['lib/a.py', 'added'],
      ['main.py', 'added'],
    ]);
    expect(filesDiff(bundle, bundle)).toEqual([]);
  });
});
