/**
 * The dashboard's Schedules and Dead letters panels on the function page, end to end (real
 * server, Docker and Chromium): add, disable and delete a schedule; redrive a dead letter.
 */
import { describe, expect, it } from 'vitest';
import { signedInPage, useDashboard } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';
import { createFunction, gql, until } from '../executor/server.helpers.js';

const WAIT = { timeout: 60_000 };

describe('dashboard triggers panels', () => {
  const dashboard = useDashboard(() => startTestServer({ async: { retryBackoffMs: 60_000, maxEventAgeMs: 3_600_000, perFunction: 100, perUser: 100, pollMs: 200, maxInFlight: 8, leaseGraceMs: 1_000 } }));

  it('adds, disables and deletes a schedule, and redrives a dead letter', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const user = await server.signUp('panels');
    const fn = await createFunction(server, user.token, { name: 'flaky', runtime: 'PYTHON', code: 'def handler(event):\n    raise Exception("nope")\n' });
    await gql(server, user.token, 'mutation($id: ID!) { updateFunction(id: $id, input: { asyncRetries: 0 }) { id } }', { id: fn });
    await gql(server, user.token, 'mutation($id: ID!) { invokeFunctionAsync(id: $id, input: { n: 1 }) { id } }', { id: fn });
    await until(async () => (await gql(server, user.token, 'query($f: ID) { deadLetters(functionId: $f) { edges { node { id } } } }', { f: fn })).data.deadLetters.edges.length === 1, 60_000, 'dead letter');

    const { page, problems } = await signedInPage(dashboard, user.token);
    await page.goto(`${server.url}/functions/${fn}`);

    const schedules = page.getByRole('region', { name: 'Schedules' });
    await schedules.getByText('No schedules yet.').waitFor(WAIT);
    await schedules.getByLabel('Expression').fill('rate(5 minutes)');
    await schedules.getByRole('button', { name: 'Add schedule' }).click();
    const row = schedules.getByTestId('schedule');
    await row.getByText('rate(5 minutes)').waitFor(WAIT);
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled').waitFor(WAIT);
    await row.getByRole('button', { name: 'Delete' }).click();
    await schedules.getByText('No schedules yet.').waitFor(WAIT);

    const letters = page.getByRole('region', { name: 'Dead letters' });
    await letters.getByTestId('dead-letter').getByText(/nope/).waitFor(WAIT);
    await page.screenshot({ path: `${process.env.FNBOX_E2E_SHOTS ?? '/tmp'}/fnbox-e2e-triggers.png`, fullPage: true });
    // Fixed, then redriven: it runs again and leaves the list (failing again, it would come back).
    await gql(server, user.token, 'mutation($id: ID!) { updateFunction(id: $id, input: { code: "def handler(event):\\n    return 1\\n" }) { id } }', { id: fn });
    await letters.getByRole('button', { name: 'Redrive' }).click();
    await letters.getByText(/^None/).waitFor(WAIT);
    expect(problems).toEqual([]);
    await page.close();
  });
});
