/**
 * The dashboard with dependencies: create a two-file JavaScript bundle whose package comes from
 * the npm registry through the dependencies editor, watch its build in the build panel, then
 * invoke it. Needs what builds need (root for the egress guard, the host's npm registry).
 */
import { describe, expect, it } from 'vitest';
import { canBuild, closeBuildServer, hostNpmRegistry, startBuildServer } from '../builds/build.helpers.js';
import { signedInPage, useDashboard } from '../support/browser.js';

const WAIT = { timeout: 60_000 };
const SHOTS = process.env.FNBOX_E2E_SHOTS ?? '/tmp';

describe.runIf(canBuild)('dashboard: a function with dependencies (end to end)', () => {
  const dashboard = useDashboard(async () => {
    const npm = await hostNpmRegistry();
    return startBuildServer('web', npm.config, npm.egress);
  }, closeBuildServer);

  it('creates a two-file bundle with a package from npm, shows its build live, and invokes it', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('deps-web');
    const { page, problems } = await signedInPage(dashboard, user.token, { viewport: { width: 1280, height: 1000 } });
    await page.goto(`${server.url}/functions/new`);
    await page.getByRole('heading', { name: 'New function' }).waitFor(WAIT);
    await page.getByLabel('Name').fill('with-deps');
    await page.getByText('JavaScript', { exact: true }).click();

    // One file, turned into a bundle of two: index.js requires lib.js and a package.
    await page.locator('#fn-code').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText("const { double } = require('./lib');\nconst isNumber = require('is-number');\nexports.handler = (event) => ({ doubled: double(event.n), isNumber: isNumber(event.n) });\n");
    await page.getByRole('button', { name: 'Bundle', exact: true }).click();
    const editor = page.getByTestId('bundle-editor');
    await editor.getByRole('button', { name: 'index.js', exact: true }).waitFor(WAIT);
    page.once('dialog', (dialog) => void dialog.accept('lib.js'));
    await editor.getByRole('button', { name: 'Add file' }).click();
    await editor.getByRole('button', { name: 'lib.js', exact: true }).waitFor(WAIT);
    await editor.locator('.cm-content').click();
    await page.keyboard.insertText('exports.double = (n) => n * 2;\n');

    await page.getByRole('button', { name: 'Add dependencies' }).click();
    await page.locator('#fn-dependencies').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"dependencies": {"is-number": "7.0.0"}}');
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-deps-new.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create function' }).click();

    // Straight to the function: its build runs beside the Invoke panel.
    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    const panel = page.getByTestId('build-panel');
    await panel.waitFor(WAIT);
    await panel.locator('[data-status="SUCCEEDED"]').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('build-log').textContent()).toContain('added 1 package');
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-deps-built.png`, fullPage: true });

    await page.getByLabel('Input (JSON)').fill('{"n": 21}');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toEqual({ doubled: 42, isNumber: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the "Function with a dependency" template builds and runs', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('deps-template');
    const { page, problems } = await signedInPage(dashboard, user.token, { viewport: { width: 1280, height: 1000 } });
    await page.goto(`${server.url}/functions/new`);
    await page.getByRole('button', { name: /Function with a dependency/ }).click();
    await page.locator('.cm-content').filter({ hasText: "require('ms')" }).waitFor(WAIT);
    await page.locator('.cm-content').filter({ hasText: '"ms": "2.1.3"' }).waitFor(WAIT); // the dependencies editor, open
    await page.getByRole('button', { name: 'Create function' }).click();

    await page.getByRole('heading', { name: 'Invoke', exact: true }).waitFor(WAIT);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const fn = (await server.gql('query($id: ID!) { function(id: $id) { name dependencies } }', { id }, user.token)).data.function;
    expect(fn.name).toBe('durations');
    expect(JSON.parse(fn.dependencies)).toEqual({ dependencies: { ms: '2.1.3' } });
    await page.getByTestId('build-panel').locator('[data-status="SUCCEEDED"]').waitFor({ timeout: 240_000 });
    await page.screenshot({ path: `${SHOTS}/fnbox-e2e-deps-template.png`, fullPage: true });

    await page.getByLabel('Input (JSON)').fill('{"duration": "2 days"}');
    await page.getByRole('button', { name: 'Invoke', exact: true }).click();
    await page.getByTestId('invoke-output').waitFor({ timeout: 120_000 });
    expect(JSON.parse((await page.getByTestId('invoke-output').textContent()) ?? 'null')).toEqual({ duration: '2 days', milliseconds: 172_800_000, readable: '2 days' });
    expect(problems).toEqual([]);
    await page.close();
  });
});
