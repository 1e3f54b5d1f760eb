import { describe, expect, it } from 'vitest';
import { useDashboard } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';

const WAIT = { timeout: 60_000 };

/**
 * A PUBLIC function's page, opened by a signed-in admin, tries everything a thief would: the
 * dashboard's token in localStorage, cookies, and the API with the browser's credentials.
 * It reports what it got into its own page, where the test reads it.
 */
const THIEF = `exports.handler = async (event) => event.subpath === '/app.js' ? ({
  statusCode: 200,
  headers: { 'content-type': 'text/javascript' },
  body: 'window.ownScript = true;',
}) : ({
  statusCode: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: \`<!doctype html><title>thief</title><pre id="out">running</pre><script src="/fn\${event.path}/app.js"></script><script>
    (async () => {
      const out = { ownScript: window.ownScript === true };
      try { out.token = localStorage.getItem('fnbox.token'); } catch (e) { out.token = 'blocked: ' + e.name; }
      try { out.cookie = document.cookie; } catch (e) { out.cookie = 'blocked: ' + e.name; }
      out.origin = self.origin;
      try {
        const res = await fetch('/graphql', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email role } }' }) });
        out.api = await res.text();
      } catch (e) { out.api = 'blocked: ' + e.name; }
      try { out.opener = String(window.opener && window.opener.localStorage.getItem('fnbox.token')); } catch (e) { out.opener = 'blocked: ' + e.name; }
      document.getElementById('out').textContent = JSON.stringify(out);
    })();
  </script>\`,
});`;

describe('a function page never runs as the dashboard (real browser)', () => {
  const dashboard = useDashboard(() => startTestServer({ executor: { stemCellsPerRuntime: 0 } as never }));

  it('keeps the signed-in admin\'s token, cookies and API out of its reach', { timeout: 300_000 }, async () => {
    const { server, browser } = dashboard;
    const admin = await server.signUp('admin');
    expect(admin.role).toBe('ADMIN');
    const created = await server.gql(
      'mutation($i: CreateFunctionInput!) { createFunction(input: $i) { id route } }',
      { i: { name: 'thief', runtime: 'NODE', code: THIEF, route: `/thief-${Date.now()}`, access: 'PUBLIC' } },
      admin.token,
    );
    const { id, route } = created.data.createFunction;

    const context = await browser.newContext();
    const dashboardPage = await context.newPage();
    const violations: string[] = [];
    dashboardPage.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    dashboardPage.on('pageerror', (e) => violations.push(e.message));
    // Signed in, as after a sign-in; a cookie too, to see whether the page could read one.
    await dashboardPage.goto(`${server.url}/signin`);
    await dashboardPage.evaluate((token) => {
      localStorage.setItem('fnbox.token', token);
      document.cookie = 'dashboard=secret; path=/';
    }, admin.token);
    // The dashboard works under its own strict policy, and shows the public URL.
    const response = await dashboardPage.goto(`${server.url}/functions/${id}`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-[^']+'/);
    await dashboardPage.getByTestId('public-url').waitFor(WAIT);
    expect(await dashboardPage.getByTestId('public-url').textContent()).toBe(`${server.url}/fn${route}`);
    // The editor (CodeMirror) and the charts (uPlot) work under it too.
    await dashboardPage.goto(`${server.url}/functions/${id}/edit`);
    await dashboardPage.getByLabel('Access').waitFor(WAIT);
    expect(await dashboardPage.getByLabel('Access').inputValue()).toBe('PUBLIC');
    await dashboardPage.locator('.cm-editor').waitFor(WAIT);
    await dashboardPage.goto(`${server.url}/`, { waitUntil: 'networkidle' });
    expect(violations).toEqual([]);

    // The admin opens the function's link from the dashboard (an opener, same browser profile).
    const [page] = await Promise.all([context.waitForEvent('page'), dashboardPage.evaluate((url) => void window.open(url), `${server.url}/fn${route}`)]);
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== 'running', undefined, WAIT);
    const stolen = JSON.parse((await page.locator('#out').textContent())!);
    // The page itself works: its own script, from its own route, loads.
    expect(stolen.ownScript).toBe(true);
    expect(stolen.origin).toBe('null');
    expect(stolen.token).toMatch(/^blocked: SecurityError/);
    expect(stolen.cookie).toMatch(/^blocked: SecurityError/);
    // Cross-origin-opener-policy cuts the opener off; were it kept, its storage would be another origin's.
    expect(stolen.opener).toMatch(/^(null$|blocked)/);
    // The browser holds no credential the API accepts (it takes bearer tokens only): whether or
    // not the answer is readable, it is an anonymous one.
    expect(stolen.api).not.toContain(admin.email);
    expect(stolen.api).toMatch(/^(blocked|\{"data":\{"me":null\}\})/);
    expect(JSON.stringify(stolen)).not.toContain(admin.token);
    await context.close();
  });
});
