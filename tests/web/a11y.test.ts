/**
 * Issue 18 item 5: every dashboard page, signed out and signed in as an admin, passes axe-core
 * (WCAG 2 A and AA rules) with no serious or critical violation: labels, contrast, landmarks,
 * names of controls. axe runs inside the real page in Chromium, after the page has loaded its data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { violations } from '../support/axe.js';
import { useDashboard } from '../support/browser.js';

const WAIT = { timeout: 60_000 };

describe('accessibility (axe-core, real browser)', () => {
  const dashboard = useDashboard();
  let admin: { token: string };
  let functionId: string;
  let invocationId: string;

  beforeAll(async () => {
    const { server } = dashboard;
    admin = await server.signUp('a11y-admin');
    const created = await server.gql(
      `mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id } }`,
      { i: { name: 'a11y', runtime: 'PYTHON', route: '/a11y', code: 'def handler(event):\n    print("hello")\n    return {"ok": True}\n' } },
      admin.token,
    );
    functionId = created.data.createFunction.id;
    const run = await server.gql(`mutation($id: ID!) { invokeFunction(id: $id) { id status } }`, { id: functionId }, admin.token);
    invocationId = run.data.invokeFunction.id;
  }, 300_000);

  it('signed-out pages have no serious or critical violations', { timeout: 120_000 }, async () => {
    const { server, browser } = dashboard;
    const page = await browser.newPage({ bypassCSP: true }); // axe is injected as a script
    const report: string[] = [];
    for (const path of ['/signin', '/signup']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('form').first().waitFor(WAIT);
      report.push(...(await violations(page)).map((v) => `${path}: ${v}`));
    }
    await page.close();
    expect(report).toEqual([]);
  });

  it('every signed-in page has no serious or critical violations', { timeout: 300_000 }, async () => {
    const { server, browser } = dashboard;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(`${server.url}/signin`);
    await page.evaluate((t) => localStorage.setItem('fnbox.token', t), admin.token);
    const report: string[] = [];
    const pages = ['/', '/functions', '/functions/new', `/functions/${functionId}`, `/invocations/${invocationId}`, '/keys', '/secrets', '/users', '/nodes'];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('main').waitFor(WAIT);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      report.push(...(await violations(page)).map((v) => `${path}: ${v}`));
    }
    await page.close();
    expect(report).toEqual([]);
  });
});
