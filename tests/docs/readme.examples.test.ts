/**
 * The README's examples, run as written against a real server (issue 18 item 6): the shell
 * block through bash with URL pointing at the test server, each `# <output>` comment compared
 * with what its command printed; the Python and JavaScript examples created and invoked, their
 * results compared with the "Invoked, it returns" sentences; the GraphQL block validated
 * against the schema and its queries and mutations executed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SCHEMA = buildSchema(fs.readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));

interface Block {
  lang: string;
  body: string;
  /** The README text right after the block (where "Invoked, it returns" sentences are). */
  after: string;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const fence = /```(\w*)\n([\s\S]*?)```/g;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    found.push({ lang: m[1]!, body: m[2]!, after: markdown.slice(fence.lastIndex, fence.lastIndex + 400) });
  }
  return found;
}

const ALL = blocks(README);
const only = (test: (b: Block) => boolean) => {
  const matching = ALL.filter(test);
  expect(matching).toHaveLength(1);
  return matching[0]!;
};
/** The first block that matches: the "Writing functions" examples come before any other of their language. */
const first = (test: (b: Block) => boolean) => {
  const found = ALL.find(test);
  expect(found).toBeDefined();
  return found!;
};
/** The JSON in the first "Invoked, it returns `...`" after a block. */
const returned = (b: Block) => JSON.parse(/Invoked, it returns `([^`]+)`/.exec(b.after)![1]!);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('README examples, as written', () => {
  it('the API shell session prints what its comments show', { timeout: 180_000 }, async () => {
    const session = only((b) => b.lang === 'sh' && b.body.includes('URL=http://127.0.0.1:8080'));
    const expected: string[] = [];
    const script = session.body
      .split('\n')
      .map((line) => {
        if (line.startsWith('URL=')) return `URL=${server.url}`;
        const comment = /^(curl .*?)\s+# (.+)$/.exec(line);
        if (!comment) return line;
        expected.push(comment[2]!);
        // A marker before each commented command, so its own output can be told apart.
        return `printf '\\n--8<-- %s\\n' ${expected.length}; ${comment[1]}`;
      })
      .join('\n');
    expect(expected.length).toBeGreaterThan(0);
    const { stdout } = await promisify(execFile)('bash', ['-e', '-c', script], { timeout: 120_000 });
    // The commands without a comment (sign-up, create) printed JSON: no GraphQL errors in it.
    const before = stdout.split('\n--8<-- 1\n')[0]!;
    expect(before).not.toContain('"errors"');
    for (let i = 1; i <= expected.length; i++) {
      const part = stdout.split(`\n--8<-- ${i}\n`)[1]!.split('\n--8<-- ')[0]!;
      expect(part.trim()).toBe(expected[i - 1]);
    }
  });

  it('the Python and JavaScript examples return what the README says', { timeout: 180_000 }, async () => {
    const { token } = await server.signUp('readme');
    for (const [lang, runtime] of [['python', 'PYTHON'], ['js', 'NODE']] as const) {
      const example = first((b) => b.lang === lang);
      const created = await server.gql(
        `mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`,
        { i: { name: `readme-${lang}`, runtime, code: example.body, route: `/readme-${lang}` } },
        token,
      );
      expect(created.errors).toBeUndefined();
      const run = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id) { status result } }`, { id: created.data.createFunction.id }, token);
      expect(run.data.invokeFunction).toEqual({ status: 'SUCCESS', result: returned(example) });
      const byRoute = await server.http('GET', `/fn/readme-${lang}`, { token });
      expect(byRoute.status).toBe(200);
      if (lang === 'python') expect(byRoute.text).toBe(/called by\s+route, the body is `([^`]+)`/.exec(example.after)![1]);
      else expect(byRoute.text).toBe(/Invoked, it returns `([^`]+)`/.exec(example.after)![1]);
    }
  });

  it('the GraphQL examples are valid, and the queries and mutations run', { timeout: 180_000 }, async () => {
    const { token } = await server.signUp('readme-gql');
    const python = first((b) => b.lang === 'python');
    const created = await server.gql(`mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`, { i: { name: 'readme-gql', runtime: 'PYTHON', code: python.body } }, token);
    const id = created.data.createFunction.id as string;
    const examples = only((b) => b.lang === 'graphql' && b.body.includes('invokeFunction(id: "…"'))
      .body.split('\n')
      .filter((line) => line.trim() && !line.trim().startsWith('#'))
      .map((line) => line.replaceAll('"…"', JSON.stringify(id)));
    expect(examples.length).toBeGreaterThan(2);
    for (const operation of examples) {
      expect(validate(SCHEMA, parse(operation)).map((e) => e.message), operation).toEqual([]);
      if (operation.startsWith('subscription')) continue; // covered by tests/live
      const res = await server.gql(operation, undefined, token);
      expect(res.errors, operation).toBeUndefined();
      if (operation.startsWith('mutation { invokeFunction')) expect(res.data.invokeFunction).toMatchObject({ status: 'SUCCESS', result: returned(python) });
    }
  });

  it('every GraphQL example in the README is valid against the schema', () => {
    const operations = ALL.filter((b) => b.lang === 'graphql')
      .flatMap((b) => b.body.split('\n'))
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter(Boolean);
    expect(operations.length).toBeGreaterThan(5);
    for (const operation of operations) expect(validate(SCHEMA, parse(operation)).map((e) => e.message), operation).toEqual([]);
  });
});
