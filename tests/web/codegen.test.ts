import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = path.join(ROOT, 'web/src/lib/gql');

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('GraphQL codegen', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-codegen-'));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('committed web/src/lib/gql matches schema.graphql and the operations (run `npm run codegen`)', { timeout: 120_000 }, async () => {
    await run(process.execPath, [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, FNBOX_CODEGEN_OUT: out + path.sep },
    });
    const expected = files(out);
    expect(files(GENERATED)).toEqual(expected);
    const stale = expected.filter((file) => fs.readFileSync(path.join(out, file), 'utf8') !== fs.readFileSync(path.join(GENERATED, file), 'utf8'));
    expect(stale, `stale generated files: ${stale.join(', ')}; run \`npm run codegen\``).toEqual([]);
  });

  it('components send only typed operations (graphql() lives in .ts files codegen reads)', () => {
    const offenders = files(path.join(ROOT, 'web/src'))
      .filter((file) => file.endsWith('.svelte'))
      .filter((file) => /\bgraphql\s*\(\s*`|\bgql\s*`/.test(fs.readFileSync(path.join(ROOT, 'web/src', file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
