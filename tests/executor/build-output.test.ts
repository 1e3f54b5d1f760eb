/**
 * A build's output is a tar made inside the builder, where the build's own code runs (its
 * install scripts can leave a process behind that writes into the stream): this suite hands the
 * unpacker such tars. Links that are each inside the set by their letters, but chained through
 * one another, must not put anything outside it, nor point outside it.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { unpackBuildOutput } from '../../server/executor/build.output.js';

type Entry = { name: string; type: 'directory' | 'symlink' | 'file'; linkname?: string; data?: string };

let base: string;
let root: string;
let outside: string;

const unpack = (entries: Entry[]) => {
  const pack = tar.pack();
  for (const { data, ...header } of entries) pack.entry(header, data ?? '');
  pack.finalize();
  return unpackBuildOutput(Readable.from(pack), root, 1024 * 1024);
};
const listing = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => [e.name, ...(e.isDirectory() ? listing(path.join(dir, e.name)).map((n) => `${e.name}/${n}`) : [])]);

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-build-output-'));
  root = path.join(base, 'dependencies', 'set');
  outside = path.join(base, 'host');
  fs.mkdirSync(root, { recursive: true });
  fs.mkdirSync(outside);
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

describe('unpacking a hostile build output', () => {
  it('a link made below another link (d -> ../../../e, then d/f, then d/f/h) is refused, and nothing lands outside', async () => {
    // By their letters all three stay inside; followed, d/f is <set>/e/f -> <set>/../host, and h would be host/h.
    const attack: Entry[] = [
      { name: 'a/b/c', type: 'directory' },
      { name: 'e', type: 'directory' },
      { name: 'a/b/c/d', type: 'symlink', linkname: '../../../e' },
      { name: 'a/b/c/d/f', type: 'symlink', linkname: '../../../host' },
      { name: 'a/b/c/d/f/h', type: 'symlink', linkname: 'planted' },
    ];
    await expect(unpack(attack)).rejects.toThrow(/through a symlink/);
    expect(fs.readdirSync(outside)).toEqual([]);
    for (const name of listing(root)) {
      const at = path.join(root, name);
      if (fs.lstatSync(at).isSymbolicLink()) expect(fs.realpathSync(path.dirname(at)) + path.sep + fs.readlinkSync(at)).not.toContain('host');
    }
  });

  it('a target that goes through a link and then up (d/../../..) is refused', async () => {
    const attack: Entry[] = [
      { name: 'a/b/c', type: 'directory' },
      { name: 'e', type: 'directory' },
      { name: 'a/b/c/d', type: 'symlink', linkname: '../../../e' },
      // Letters: <set>/a/b/c/d/../../../../escape = <set>/escape; followed: <set>/e/../../../escape.
      { name: 'up', type: 'symlink', linkname: 'a/b/c/d/../../../../escape' },
    ];
    await expect(unpack(attack)).rejects.toThrow(/leaving the dependency set/);
  });

  it("still unpacks an ordinary set: files, and links such as node_modules/.bin's", async () => {
    const result = await unpack([
      { name: 'node_modules/left-pad/package.json', type: 'file', data: '{"name":"left-pad"}' },
      { name: 'node_modules/left-pad/bin/cli.js', type: 'file', data: 'console.log(1)' },
      { name: 'node_modules/.bin/left-pad', type: 'symlink', linkname: '../left-pad/bin/cli.js' },
      { name: 'node_modules/./alias', type: 'symlink', linkname: './left-pad' },
    ]);
    expect(result).toEqual({ bytes: 'console.log(1)'.length + '{"name":"left-pad"}'.length, files: 2 });
    expect(fs.readFileSync(path.join(root, 'node_modules/.bin/left-pad'), 'utf8')).toBe('console.log(1)');
    expect(fs.readdirSync(path.join(root, 'node_modules/alias'))).toContain('package.json');
  });
});
