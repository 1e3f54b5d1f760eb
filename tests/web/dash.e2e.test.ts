/**
 * Issue 18 in the browser: two new users start from the same template at once, the function
 * page shows the code, the invocation search filters, and every page fits a 390 px phone
 * without sideways scrolling. Screenshots go to tests/web/screenshots/ (ignored by git) for a
 * person to look at.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInPage, useDashboard } from '../support/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'tests', 'web', 'screenshots');
const WAIT = { timeout: 60_000 };
const PHONE = { width: 390, height: 844 };

/** The page's width against the window's, and the outermost elements that stick out (to say what to fix). */
function widths() {
  const inner = window.innerWidth;
  const culprits: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('body *')) {
    if (el.getBoundingClientRect().right <= inner + 1) continue;
    const parent = el.parentElement;
    if (parent && parent.getBoundingClientRect().right > inner + 1) continue;
    culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}" in ${parent?.tagName.toLowerCase()}.${[...(parent?.classList ?? [])].join('.')}`);
  }
  return { scroll: document.documentElement.scrollWidth, inner, culprits: culprits.slice(0, 5).join(', ') };
}

describe('dashboard as first-time users meet it (issue 18)', () => {
  const dashboard = useDashboard();
  beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

  /** A signed-in page of a fresh user (token put where the dashboard keeps it). */
  async function userPage(prefix: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; token: string }> {
    const { token } = await dashboard.server.signUp(prefix);
    const { page } = await signedInPage(dashboard, token, { viewport });
    return { page, token };
  }

  async function createFromTemplate(page: Page): Promise<string> {
    const { server } = dashboard;
    await page.goto(`${server.url}/functions/new`);
    await page.getByRole('button', { name: /Python: sum and average/ }).click();
    await page.locator('.cm-content').filter({ hasText: 'def handler(event, context):' }).waitFor(WAIT);
    expect(await page.getByLabel('Route').inputValue()).toBe('/stats');
    await page.getByRole('button', { name: 'Create function' }).click();
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  async function functionOf(token: string, id: string) {
    const { server } = dashboard;
    const res = await server.gql(`query($id: ID!) { function(id: $id) { route code } }`, { id }, token);
    return res.data.function as { route: string; code: string };
  }

  it('two users create from the same template; both get a route; the template uses its input', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    await server.signUp('admin'); // the first account is the ADMIN
    const a = await userPage('first');
    const b = await userPage('second');
    const [idA, idB] = await Promise.all([createFromTemplate(a.page), createFromTemplate(b.page)]);
    const [fnA, fnB] = [await functionOf(a.token, idA), await functionOf(b.token, idB)];
    expect([fnA.route, fnB.route]).toContain('/stats');
    expect(fnA.route).not.toBe(fnB.route);
    expect([fnA.route, fnB.route].find((r) => r !== '/stats')).toMatch(/^\/stats-[a-z0-9]{1,4}$/);

    // Without input: the README's answer; with {"numbers": [10, 20]}: those numbers, by route too.
    await b.page.getByRole('button', { name: 'Invoke', exact: true }).click();
    const output = b.page.getByTestId('invoke-output');
    await output.waitFor({ timeout: 120_000 });
    expect(JSON.parse((await output.textContent()) ?? 'null')).toEqual({ sum: 15, average: 3 });
    const byRoute = await fetch(`${server.url}/fn${fnB.route}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ numbers: [10, 20] }),
    });
    expect(await byRoute.json()).toEqual({ sum: 30, average: 15 });
    const direct = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id, input: {numbers: [10, 20]}) { result } }`, { id: idA }, a.token);
    expect(direct.data.invokeFunction.result).toEqual({ sum: 30, average: 15 });

    // The function page shows the code, read-only, and the configuration.
    await b.page.reload();
    const code = b.page.getByTestId('code-view');
    await code.filter({ hasText: 'data.get("numbers")' }).waitFor(WAIT);
    expect(await code.locator('[contenteditable="true"]').count()).toBe(0);
    const config = await b.page.getByTestId('function-config').textContent();
    expect(config).toContain(`/fn${fnB.route}`);
    expect(config).toContain('Python');
    await b.page.screenshot({ path: `${SHOTS}/function-page.png`, fullPage: true });

    // Earlier versions: change the code, then read version 1 from the page.
    await server.gql(`mutation($id: ID!) { updateFunction(id: $id, input: {code: "def handler():\\n    return 2\\n"}) { version } }`, { id: idB }, b.token);
    await b.page.reload();
    await code.filter({ hasText: 'return 2' }).waitFor(WAIT);
    await b.page.getByRole('button', { name: 'Show earlier versions' }).click();
    await b.page.getByLabel('Code of version', { exact: true }).selectOption('1');
    await code.filter({ hasText: 'data.get("numbers")' }).waitFor(WAIT);
    await a.page.close();
    await b.page.close();
  });

  it('the webhook and scheduled-job templates create functions that run', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const { page, token } = await userPage('templates');
    const secret = 'webhook signing secret 42';
    expect((await server.gql(`mutation($v: String!) { setSecret(name: "WEBHOOK_SECRET", value: $v) { name } }`, { v: secret }, token)).errors).toBeUndefined();
    const create = async (label: RegExp, codeText: string) => {
      await page.goto(`${server.url}/functions/new`);
      await page.getByRole('button', { name: label }).click();
      await page.locator('.cm-content').filter({ hasText: codeText }).waitFor(WAIT);
      const route = await page.getByLabel('Route').inputValue();
      await page.getByRole('button', { name: 'Create function' }).click();
      await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const fn = (await server.gql(`query($id: ID!) { function(id: $id) { route access secrets } }`, { id }, token)).data.function;
      return { id, route, fn };
    };

    // The webhook: a PUBLIC route that answers only requests signed with the secret.
    const hook = await create(/Webhook with signature check/, 'hmac.new');
    expect(hook.fn).toMatchObject({ route: hook.route, access: 'PUBLIC', secrets: ['WEBHOOK_SECRET'] });
    const body = JSON.stringify({ action: 'opened' });
    const send = (signature?: string) =>
      fetch(`${server.url}/fn${hook.fn.route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature-256': signature } : {}) }, body });
    const signed = `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
    const unsigned = await send();
    expect(unsigned.status).toBe(401);
    expect((await send(signed.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).status).toBe(401);
    const accepted = await send(signed);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ ok: true });

    // The scheduled job: no route; it runs when invoked (as a schedule will run it).
    const job = await create(/Scheduled job/, 'rate(1 hour)');
    expect(job.route).toBe('');
    expect(job.fn.route).toBeNull();
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    const output = page.getByTestId('invoke-output');
    await output.waitFor({ timeout: 120_000 });
    expect(JSON.parse((await output.textContent()) ?? 'null')).toMatchObject({ ok: true, processed: 0 });
    const schedule = await server.gql(`mutation($f: ID!) { createSchedule(functionId: $f, input: { expression: "rate(1 hour)" }) { nextRunAt } }`, { f: job.id }, token);
    expect(schedule.errors).toBeUndefined();
    await page.close();
  });

  it('searches invocations by text, status and trigger', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const { page, token } = await userPage('searcher');
    const created = await server.gql(
      `mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`,
      { i: { name: 'finder', runtime: 'PYTHON', code: 'def handler(event, context):\n    print("order " + event["tag"])\n    if event.get("fail"):\n        raise ValueError("Broken " + event["tag"])\n    return 1\n' } },
      token,
    );
    const id = created.data.createFunction.id;
    for (const [tag, fail] of [['Apple', false], ['Banana', true], ['Cherry', false], ['Banana-split', false]] as const) {
      await server.gql(`mutation($id: ID!, $i: JSON) { invokeFunction(id: $id, input: $i) { status } }`, { id, i: { tag, fail } }, token);
    }
    await page.goto(`${server.url}/functions/${id}`);
    const search = page.getByTestId('invocation-search');
    await search.waitFor(WAIT);
    const results = search.locator('[data-testid="invocation-table"] tbody tr');

    await search.getByLabel('Text in logs or error').fill('BANANA');
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByText('2 found').waitFor(WAIT);
    expect(await results.count()).toBe(2);

    await search.getByLabel('Error', { exact: true }).check();
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByText('1 found').waitFor(WAIT);

    await search.getByLabel('Text in logs or error').fill('');
    await search.getByLabel('Error', { exact: true }).uncheck();
    await search.getByLabel('Trigger').selectOption('HTTP');
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByText('No invocations match.').waitFor(WAIT);

    await search.getByLabel('Trigger').selectOption('GRAPHQL');
    await search.getByRole('button', { name: 'Search' }).click();
    await search.getByText('4 found').waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}/search.png`, fullPage: true });
    await page.close();
  });

  it('every page fits a 390 px phone without sideways scrolling', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const { page, token } = await userPage('phone', PHONE);
    const created = await server.gql(
      `mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`,
      { i: { name: 'a-function-with-a-rather-long-name-for-a-phone', runtime: 'PYTHON', route: '/a-rather-long-route-name-for-a-small-screen', code: 'def handler():\n    print("x" * 300)\n    return {"a": 1}\n' } },
      token,
    );
    const id = created.data.createFunction.id;
    const run = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id) { id } }`, { id }, token);
    const invocationId = run.data.invokeFunction.id;
    const pages: [string, string][] = [
      ['overview', '/'],
      ['functions', '/functions'],
      ['new-function', '/functions/new'],
      ['function', `/functions/${id}`],
      ['edit-function', `/functions/${id}/edit`],
      ['invocation', `/invocations/${invocationId}`],
      ['keys', '/keys'],
    ];
    const overflowing: string[] = [];
    for (const [name, url] of pages) {
      await page.goto(`${server.url}${url}`);
      await page.locator('main h1').first().waitFor(WAIT);
      await page.waitForLoadState('networkidle').catch(() => {});
      await page.screenshot({ path: `${SHOTS}/phone-${name}.png`, fullPage: true });
      const { scroll, inner, culprits } = await page.evaluate(widths);
      if (scroll > inner) overflowing.push(`${name}: ${scroll} > ${inner} (${culprits})`);
    }
    // Signed out: the sign-in and sign-up pages.
    await page.evaluate(() => localStorage.removeItem('fnbox.token'));
    for (const name of ['signin', 'signup']) {
      await page.goto(`${server.url}/${name}`);
      await page.locator('h1').first().waitFor(WAIT);
      await page.screenshot({ path: `${SHOTS}/phone-${name}.png`, fullPage: true });
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      if (scroll > inner) overflowing.push(`${name}: ${scroll} > ${inner}`);
    }
    expect(overflowing).toEqual([]);

    // The form's buttons cover nothing: the last input can be seen and clicked.
    await page.evaluate((t) => localStorage.setItem('fnbox.token', t), token);
    await page.goto(`${server.url}/functions/new`);
    await page.getByRole('button', { name: 'Add variable' }).click();
    const value = page.getByLabel('Value of variable 1');
    await value.scrollIntoViewIfNeeded();
    await value.click({ trial: true });
    await page.close();
  });
});
