/**
 * The dashboard's version history on the function page, end to end (real server, Docker and
 * Chromium): a diff between versions (env, limits, code), moving `live`, a canary set with
 * the slider, and a one-click rollback that restores env and code and moves `live`.
 */
import { describe, expect, it } from 'vitest';
import { signedInPage, useDashboard } from '../support/browser.js';
import { createFunction, gql, until } from '../executor/server.helpers.js';

const WAIT = { timeout: 60_000 };
const CODE = (tag: string) => `import os\ndef handler(event):\n    return {"tag": "${tag}", "stage": os.environ.get("STAGE")}\n`;

describe('dashboard version history', () => {
  const dashboard = useDashboard();

  it('shows what changed, moves live, sets a canary with the slider and rolls back in one click', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('releaser');
    const fn = await createFunction(server, user.token, { name: 'released', runtime: 'PYTHON', code: CODE('one'), env: { STAGE: 'a' } });
    await gql(server, user.token, 'mutation($id: ID!, $i: UpdateFunctionInput!) { updateFunction(id: $id, input: $i) { id } }', {
      id: fn,
      i: { code: CODE('two'), env: { STAGE: 'b' }, timeoutMs: 5000 },
    });
    const aliases = async () => (await gql(server, user.token, 'query($id: ID!) { function(id: $id) { version env aliases { name version canary { version weight } } } }', { id: fn })).data.function;

    const { page, problems } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/functions/${fn}`);

    const history = page.getByTestId('version-history');
    const traffic = history.getByTestId('traffic');
    await traffic.getByText(/Calls run the newest version/).waitFor(WAIT);

    // Version 2 against version 1: env, timeout and the code's changed line.
    await history.getByRole('button', { name: /Version 2/ }).click();
    const diff = history.getByTestId('version-diff');
    await diff.waitFor(WAIT);
    const settingRow = (name: string) => diff.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    expect(await settingRow('env STAGE').getByRole('cell').allTextContents()).toEqual(['env STAGE', 'a', 'b']);
    expect(await settingRow('timeout').getByRole('cell').allTextContents()).toEqual(['timeout', '30000 ms', '5000 ms']);
    await diff.locator('.line.del', { hasText: '"tag": "one"' }).waitFor(WAIT);
    await diff.locator('.line.add', { hasText: '"tag": "two"' }).waitFor(WAIT);
    await page.screenshot({ path: `${process.env.FNBOX_E2E_SHOTS ?? '/tmp'}/fnbox-e2e-version-diff.png`, fullPage: true });

    // Pin traffic to version 2, then send a quarter of it to version 1.
    await history.getByRole('button', { name: 'Make v2 live' }).click();
    await traffic.getByText(/Calls run version 2/).waitFor(WAIT);
    expect((await aliases()).aliases).toEqual([{ name: 'live', version: 2, canary: null }]);
    await traffic.getByLabel('Canary version').selectOption('1');
    await traffic.getByLabel('Canary share').fill('25');
    await traffic.getByRole('button', { name: 'Start canary' }).click();
    await traffic.getByText(/25%/).first().waitFor(WAIT);
    await history.getByText('live canary 25%').waitFor(WAIT);
    expect((await aliases()).aliases).toEqual([{ name: 'live', version: 2, canary: { version: 1, weight: 0.25 } }]);
    await page.screenshot({ path: `${process.env.FNBOX_E2E_SHOTS ?? '/tmp'}/fnbox-e2e-canary.png`, fullPage: true });

    // One click: version 3 equal to version 1 (env too), live on it, no canary.
    await history.getByRole('button', { name: /Version 1/ }).click();
    await history.getByRole('button', { name: 'Roll back to v1' }).click();
    await history.getByRole('button', { name: /Version 3/ }).waitFor(WAIT);
    await traffic.getByText(/Calls run version 3/).waitFor(WAIT);
    await until(async () => (await aliases()).version === 3, 30_000, 'rollback');
    expect(await aliases()).toEqual({ version: 3, env: { STAGE: 'a' }, aliases: [{ name: 'live', version: 3, canary: null }] });
    const call = await gql(server, user.token, 'mutation($id: ID!) { invokeFunction(id: $id) { functionVersion result } }', { id: fn });
    expect(call.data.invokeFunction).toEqual({ functionVersion: 3, result: { tag: 'one', stage: 'a' } });
    expect(problems).toEqual([]);
    await page.close();
  });
});
