/**
 * The dashboard's Schedules and Dead letters panels on the function page, end to end (real
 * server, Docker and Chromium): add, disable and delete a schedule; redrive a dead letter.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuild, launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createFunction, gql, until } from '../executor/server.helpers.js';

const WAIT = { timeout: 60_000 };

describe('dashboard triggers panels', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuild();
    server = await startTestServer({ async: { retryBackoffMs: 60_000, maxEventAgeMs: 3_600_000, perFunction: 100, perUser: 100, pollMs: 200, maxInFlight: 8, leaseGraceMs: 1_000 } });
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('adds, disables and deletes a schedule, and redrives a dead letter', { timeout: 300_000 }, async () => {
    const user = await server.signUp('panels');
    const fn = await createFunction(server, user.token, { name: 'flaky', runtime: 'PYTHON', code: 'def handler(event):\n    raise Exception("nope")\n' });
    await gql(server, user.token, 'mutation($id: ID!) { updateFunction(id: $id, input: { asyncRetries: 0 }) { id } }', { id: fn });
    await gql(server, user.token, 'mutation($id: ID!) { invokeFunctionAsync(id: $id, input: { n: 1 }) { id } }', { id: fn });
    await until(async () => (await gql(server, user.token, 'query($f: ID) { deadLetters(functionId: $f) { edges { node { id } } } }', { f: fn })).data.deadLetters.edges.length === 1, 60_000, 'dead letter');

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/signin`);
    await page.evaluate((token) => localStorage.setItem('fnbox.token', token), user.token);
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
