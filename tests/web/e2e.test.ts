import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { zip } from '../support/archives.js';
import { signedInPage, useDashboard } from '../support/browser.js';

const SHOTS = process.env.FNBOX_E2E_SHOTS ?? '/tmp';
const WAIT = { timeout: 60_000 };

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const rows = (page: Page) => page.locator('[data-testid="invocation-table"] tbody tr');

describe('dashboard (end to end, real server and Docker)', () => {
  const dashboard = useDashboard();

  it('signs up, creates the Python example, invokes it, follows live updates from outside calls, signs out', { timeout: 300_000 }, async () => {
    const { server, browser } = dashboard;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    // Signed out: any page leads to sign-in.
    await page.goto(`${server.url}/functions`);
    await page.getByRole('heading', { name: 'Sign in to fnbox' }).waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-signin.png` });

    // Sign up (Enter submits); the first account is an administrator.
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your fnbox account' }).waitFor(WAIT);
    await page.getByLabel('Email').fill(`e2e-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByLabel('Password').press('Enter');
    // Back where we were going.
    await page.getByRole('heading', { name: 'Functions', level: 1 }).waitFor(WAIT);
    await page.getByText('Admin', { exact: true }).waitFor(WAIT);
    await nav(page, 'Users').waitFor(WAIT);

    // The token survives a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'Functions', level: 1 }).waitFor(WAIT);

    // Empty state teaches the next step.
    await page.getByText('No functions yet').waitFor(WAIT);
    await page.getByRole('link', { name: 'Create from a template' }).click();
    await page.getByRole('heading', { name: 'New function' }).waitFor(WAIT);
    await page.getByRole('button', { name: /Python: sum and average/ }).click();
    await page.locator('.cm-content').filter({ hasText: 'def handler(event, context):' }).waitFor(WAIT);
    expect(await page.getByLabel('Name').inputValue()).toBe('stats');
    const route = `/stats-e2e-${Date.now().toString(36)}`;
    await page.getByLabel('Route').fill(route);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-new.png`, fullPage: true });

    // Ctrl+Enter in the editor saves.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Enter');
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    const functionId = new URL(page.url()).pathname.split('/').pop()!;
    expect(functionId).toMatch(/\S+/);
    await page.getByText('Not invoked yet').waitFor(WAIT);

    // Invoke from the page.
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    const output = page.getByTestId('invoke-output');
    await output.waitFor({ timeout: 120_000 });
    const result = JSON.parse((await output.textContent()) ?? 'null');
    expect(result).toEqual({ sum: 15, average: 3 }); // 3.0 and 3 are the same number
    await page.getByTestId('start-kind').waitFor(WAIT);
    await rows(page).first().waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid="stat-invocations"]')?.textContent?.trim() === '1', null, WAIT);

    // Ctrl+Enter in the input invokes again.
    await page.getByLabel('Input (JSON)').fill('{"n": 2}');
    await page.getByLabel('Input (JSON)').press('Control+Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="stat-invocations"]')?.textContent?.trim() === '2', null, WAIT);

    // Calls over the route from outside the page arrive live: log, tiles and charts.
    const token = await page.evaluate(() => localStorage.getItem('fnbox.token'));
    expect(token).toBeTruthy();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/fn${route}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ sum: 15, average: 3 });
    }
    await page.locator('[data-testid="invocation-table"] tbody tr', { hasText: 'HTTP route' }).nth(2).waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid="stat-invocations"]')?.textContent?.trim() === '5', null, WAIT);
    expect(await rows(page).count()).toBe(5);
    await page.getByTestId('function-charts').waitFor(WAIT);
    // The curl command for the route is there to copy.
    expect(await page.getByTestId('curl').first().textContent()).toBe(`curl -H "Authorization: Bearer $FNBOX_TOKEN" ${server.url}/fn${route}`);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-function.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-function-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Invocation detail.
    await rows(page).first().getByRole('link', { name: /Details/ }).click();
    await page.getByTestId('invocation-result').waitFor(WAIT);
    expect(JSON.parse((await page.getByTestId('invocation-result').textContent()) ?? 'null')).toEqual({ sum: 15, average: 3 });
    expect(JSON.parse((await page.getByTestId('invocation-input').textContent()) ?? 'null')).toMatchObject({ method: 'GET' });

    // The overview's feed and stats follow outside calls too.
    await nav(page, 'Overview').click();
    await page.getByRole('heading', { name: 'Recent invocations' }).waitFor(WAIT);
    await rows(page).nth(4).waitFor(WAIT);
    await page.getByTestId('stat-containers').waitFor(WAIT); // platformStats, ADMIN
    const response = await fetch(`${server.url}/fn${route}?from=outside`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    await rows(page).nth(5).waitFor(WAIT);
    await page.waitForFunction(() => /6 runs/.test(document.querySelector('[data-testid="overview-stats"]')?.textContent ?? ''), null, WAIT);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-overview.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-overview-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The functions list shows the numbers and a sparkline.
    await nav(page, 'Functions').click();
    await page.getByTestId('functions-table').waitFor(WAIT);
    await page.waitForFunction(() => document.querySelector('[data-testid="fn-invocations"]')?.textContent?.trim() === '6', null, WAIT);
    await page.locator('[data-testid="functions-table"] .spark canvas').waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-functions.png`, fullPage: true });

    // Sign out: back to sign-in, and the token is gone.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to fnbox' }).waitFor(WAIT);
    expect(await page.evaluate(() => localStorage.getItem('fnbox.token'))).toBeNull();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends a rejected token to sign-in', { timeout: 120_000 }, async () => {
    const { server, browser } = dashboard;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/signin`);
    await page.evaluate(() => localStorage.setItem('fnbox.token', 'not-a-valid-token'));
    await page.goto(`${server.url}/keys`);
    await page.getByRole('heading', { name: 'Sign in to fnbox' }).waitFor(WAIT);
    await page.getByText('Sign in again').waitFor(WAIT);
    expect(await page.evaluate(() => localStorage.getItem('fnbox.token'))).toBeNull();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/keys');
    await page.close();
  });

  it('manages API keys: shown once, then revoked', { timeout: 120_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('keys');
    const { page } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/keys`);
    await page.getByText('No API keys yet').waitFor(WAIT);
    await page.getByLabel('Name').fill('ci');
    await page.getByLabel('Name').press('Enter');
    const key = (await page.getByTestId('new-key-value').textContent())!.trim();
    expect(key.length).toBeGreaterThan(16);
    // The key works as a bearer token.
    const me = await server.gql<{ me: { email: string } }>('{ me { email } }', {}, key);
    expect(me.data.me.email).toBe(user.email);
    // The same key as AWS credentials for the Lambda API, shown once beside it.
    expect((await page.getByTestId('new-key-access-key-id').textContent())!.trim()).toMatch(/^AKFB/);
    expect((await page.getByTestId('new-key-secret-access-key').textContent())!.trim().length).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Revoke key ci' }).click();
    await page.getByRole('button', { name: 'Revoke “ci”' }).click();
    await page.getByText('Revoked', { exact: true }).waitFor(WAIT);
    // A scoped key: invoke-only, for one function, expiring; the list shows its scope and expiry.
    await page.getByLabel('Name').fill('deploy-bot');
    await page.getByLabel('Invoke only').check();
    await page.getByLabel('Only these functions').fill('stats');
    await page.getByLabel('Expires').selectOption('7');
    await page.getByRole('button', { name: 'Create key' }).click();
    // The revoked key's value stays shown until the new one has been made, and the list shows it.
    await page.getByText('Key “deploy-bot” created.').waitFor(WAIT);
    await page.getByText('Invoke only: stats').waitFor(WAIT);
    const scoped = (await page.getByTestId('new-key-value').textContent())!.trim();
    await page.getByText('Invoke only: stats').waitFor(WAIT);
    const keys = await server.gql('{ apiKeys { name invokeOnly functions expiresAt } }', {}, user.token);
    const bot = keys.data.apiKeys.find((k: { name: string }) => k.name === 'deploy-bot');
    expect(bot).toMatchObject({ invokeOnly: true, functions: ['stats'] });
    expect(new Date(bot.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect((await server.gql('{ secrets { name } }', {}, scoped)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-keys.png`, fullPage: true });
    // Not an admin: no Users page in the menu.
    expect(await nav(page, 'Users').count()).toBe(0);
    await page.close();
  });

  it('turns a function into a bundle: file tree, handler, version history and rollback', { timeout: 180_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('bundler');
    const created = await server.gql<{ createFunction: { id: string } }>(
      'mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id } }',
      { input: { name: 'single', runtime: 'PYTHON', code: 'def handler():\n    return "one file"\n' } },
      user.token,
    );
    const id = created.data.createFunction.id;
    const { page, problems } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/functions/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit single' }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Bundle', exact: true }).click();
    const editor = page.getByTestId('bundle-editor');
    await editor.getByRole('button', { name: 'main.py', exact: true }).waitFor(WAIT);
    expect(await page.getByLabel('Handler').inputValue()).toBe('main.handler');

    page.once('dialog', (dialog) => void dialog.accept('lib/words.py'));
    await editor.getByRole('button', { name: 'Add file' }).click();
    await editor.getByRole('button', { name: 'lib/words.py', exact: true }).waitFor(WAIT);
    await editor.locator('.cm-content').click();
    await page.keyboard.insertText('def shout(text):\n    return text.upper()\n');
    await editor.getByRole('button', { name: 'main.py', exact: true }).click();
    await editor.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('from lib.words import shout\ndef handler():\n    return shout("bundled")\n');
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-bundle.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toBe('BUNDLED');

    // Version 2 is the bundle; rolling back to version 1 saves the one-file code again as version 3.
    const history = page.getByTestId('version-history');
    await history.getByText('main.handler').waitFor(WAIT);
    await history.getByRole('button', { name: /Version 1/ }).click();
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-versions.png`, fullPage: true });
    await history.getByRole('button', { name: 'Roll back to v1' }).click();
    await history.getByRole('button', { name: /Version 3/ }).waitFor(WAIT);
    const after = await server.gql('query($id: ID!) { function(id: $id) { version code files { path } } }', { id }, user.token);
    expect(after.data.function).toEqual({ version: 3, code: 'def handler():\n    return "one file"\n', files: [] });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('creates a function from an uploaded .zip, larger than the JSON body cap', { timeout: 180_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('uploader');
    const { page } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/functions/new`);
    await page.getByLabel('Name').fill('uploaded');
    await page.getByText('JavaScript', { exact: true }).click();
    await page.getByRole('button', { name: 'Bundle', exact: true }).click();
    // 1.5 MB that does not compress: the upload is above the 1 MiB JSON body cap.
    const noise = Buffer.from(Array.from({ length: 1536 * 1024 }, (_, i) => (i * 7919 + (i >> 8)) % 251));
    const archive = zip([{ name: 'api.js', data: "exports.main = () => require('fs').statSync('noise.bin').size;\n" }, { name: 'noise.bin', data: noise, stored: true }]);
    await page.getByTestId('bundle-editor').locator('input[type=file]').setInputFiles({ name: 'api.zip', mimeType: 'application/zip', buffer: archive });
    await page.getByText('api.zip').waitFor(WAIT);
    await page.getByLabel('Handler').fill('api.main');
    await page.getByRole('button', { name: 'Create function' }).click();
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    await page.getByText('bundle of 2 files').waitFor(WAIT);
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toBe(noise.length);
    await page.close();
  });

  it('edits a function: JavaScript example, environment variables, new version', { timeout: 180_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('editor');
    const created = await server.gql<{ createFunction: { id: string } }>(
      'mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id } }',
      { input: { name: 'draft', runtime: 'PYTHON', code: 'def handler():\n    return 1\n' } },
      user.token,
    );
    const id = created.data.createFunction.id;
    const { page } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/functions/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit draft' }).waitFor(WAIT);
    await page.getByText('JavaScript', { exact: true }).click();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('const handler = () => ({ greeting: process.env.GREETING });\nconsole.log(JSON.stringify(handler()));\n');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Name of variable 1').fill('GREETING');
    await page.getByLabel('Value of variable 1').fill('hello');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    await page.getByText('v2', { exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toEqual({ greeting: 'hello' });
    await page.close();
  });

  it('manages secrets: write-only values, picked on the function form, read by the function', { timeout: 180_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('secrets');
    const value = `hunter2-${Date.now()}`;
    const created = await server.gql<{ createFunction: { id: string } }>(
      'mutation($input: CreateFunctionInput!) { createFunction(input: $input) { id } }',
      { input: { name: 'vault', runtime: 'PYTHON', code: 'import os\ndef handler(event, context):\n    return {"length": len(os.environ["DB_PASSWORD"])}\n' } },
      user.token,
    );
    const id = created.data.createFunction.id;
    const { page } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/keys`);
    await nav(page, 'Secrets').click();
    await page.getByText('No secrets yet').waitFor(WAIT);
    await page.getByLabel('Name', { exact: true }).fill('DB_PASSWORD');
    await page.getByLabel('Value', { exact: true }).fill(value);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByTestId('secret-saved').waitFor(WAIT);
    await page.getByRole('button', { name: 'Delete secret DB_PASSWORD' }).waitFor(WAIT);
    expect(await page.getByLabel('Value', { exact: true }).inputValue()).toBe('');
    await page.reload();
    await page.getByRole('button', { name: 'Delete secret DB_PASSWORD' }).waitFor(WAIT);
    expect(await page.content()).not.toContain(value);
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-secrets.png`, fullPage: true });

    await page.goto(`${server.url}/functions/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit vault' }).waitFor(WAIT);
    await page.locator('[data-secret="DB_PASSWORD"]').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('v2', { exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toEqual({ length: value.length });
    expect(await page.content()).not.toContain(value);

    await page.goto(`${server.url}/secrets`);
    await page.getByRole('button', { name: 'Delete secret DB_PASSWORD' }).click();
    await page.getByRole('button', { name: 'Delete “DB_PASSWORD”' }).click();
    await page.getByText('No secrets yet').waitFor(WAIT);
    await page.close();
  });
});
