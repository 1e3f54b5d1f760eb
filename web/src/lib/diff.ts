/**
 * Diffs between two versions of a function, for the version history: its settings, its files
 * (a one-file function is one file, "handler"), and the lines of a changed file.
 */

export type LineOp = { kind: 'same' | 'add' | 'del'; text: string };

/** Beyond this many line pairs a file is shown as replaced, not diffed (the table is n × m). */
const MAX_CELLS = 2_000_000;

/** The lines of `before` and `after` as kept, deleted and added lines (longest common subsequence). */
export function lineDiff(before: string, after: string): LineOp[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Common head and tail first: most edits touch a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: LineOp[] = a.slice(0, head).map((text) => ({ kind: 'same', text }));
  if (midA.length * midB.length > MAX_CELLS) {
    ops.push(...midA.map((text): LineOp => ({ kind: 'del', text })), ...midB.map((text): LineOp => ({ kind: 'add', text })));
  } else {
    ops.push(...lcsDiff(midA, midB));
  }
  ops.push(...a.slice(a.length - tail).map((text): LineOp => ({ kind: 'same', text })));
  return ops;
}

function lcsDiff(a: string[], b: string[]): LineOp[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[at(i, j)] = a[i] === b[j] ? lengths[at(i + 1, j + 1)]! + 1 : Math.max(lengths[at(i + 1, j)]!, lengths[at(i, j + 1)]!);
    }
  }
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lengths[at(i + 1, j)]! >= lengths[at(i, j + 1)]!) {
      ops.push({ kind: 'del', text: a[i++]! });
    } else {
      ops.push({ kind: 'add', text: b[j++]! });
    }
  }
  while (i < n) ops.push({ kind: 'del', text: a[i++]! });
  while (j < m) ops.push({ kind: 'add', text: b[j++]! });
  return ops;
}

export interface VersionShape {
  runtime: string;
  handler: string;
  timeoutMs: number;
  memoryMb: number;
  network: string;
  egressAllow: string[];
  secrets: string[];
  env?: unknown;
  code: string;
  bundleSha256?: string | null;
  files: { path: string; content: string; base64: boolean }[];
}

export type SettingChange = { field: string; before: string; after: string };

/** The settings that differ, each as text (env one variable per row). */
export function settingsDiff(before: VersionShape, after: VersionShape): SettingChange[] {
  const changes: SettingChange[] = [];
  const compare = (field: string, x: string, y: string) => {
    if (x !== y) changes.push({ field, before: x, after: y });
  };
  compare('runtime', before.runtime, after.runtime);
  compare('handler', before.handler, after.handler);
  compare('timeout', `${before.timeoutMs} ms`, `${after.timeoutMs} ms`);
  compare('memory', `${before.memoryMb} MB`, `${after.memoryMb} MB`);
  compare('network', before.network, after.network);
  compare('egress allow', before.egressAllow.join(', ') || '(none)', after.egressAllow.join(', ') || '(none)');
  compare('secrets', before.secrets.join(', ') || '(none)', after.secrets.join(', ') || '(none)');
  const envBefore = asEnv(before.env);
  const envAfter = asEnv(after.env);
  for (const name of [...new Set([...Object.keys(envBefore), ...Object.keys(envAfter)])].sort()) {
    compare(`env ${name}`, envBefore[name] ?? '(unset)', envAfter[name] ?? '(unset)');
  }
  return changes;
}

export type FileChange = { path: string; change: 'added' | 'removed' | 'changed'; lines: LineOp[] };

/** The files that differ; one-file code is the file "handler" of both. */
export function filesDiff(before: VersionShape, after: VersionShape): FileChange[] {
  const files = (v: VersionShape) =>
    new Map(v.bundleSha256 ? v.files.map((f) => [f.path, f.base64 ? `(binary, base64 ${f.content.length} characters)` : f.content]) : [['handler', v.code]]);
  const a = files(before);
  const b = files(after);
  const changes: FileChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    if (x === y) continue;
    if (x === undefined) changes.push({ path, change: 'added', lines: lineDiff('', y!).filter((op) => op.kind !== 'del') });
    else if (y === undefined) changes.push({ path, change: 'removed', lines: lineDiff(x, '').filter((op) => op.kind !== 'add') });
    else changes.push({ path, change: 'changed', lines: lineDiff(x, y) });
  }
  return changes;
}

function asEnv(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
}
