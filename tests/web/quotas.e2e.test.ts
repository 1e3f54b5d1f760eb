/**
 * The dashboard's quotas (users page, ADMIN) and a function's concurrency and warm containers
 * (function page), end to end: real server, Docker and Chromium.
 */
import { describe, expect, it } from 'vitest';
import { signedInPage, useDashboard } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';
import { createFunction, gql } from '../executor/server.helpers.js';

const WAIT = { timeout: 60_000 };

describe('dashboard quotas and warmth', () => {
  const dashboard = useDashboard(() => startTestServer({ maxProvisionedPerUser: 2 }));

  it('an ADMIN sets a user quota; the owner keeps containers warm within it', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const admin = await server.signUp('admin');
    const user = await server.signUp('warm');
    const fn = await createFunction(server, user.token, { name: 'warm', runtime: 'PYTHON', code: 'def handler():\n    return 1\n' });
    const { page, problems } = await signedInPage(dashboard, admin.token);
    await page.goto(`${server.url}/users`);
    await page.getByRole('button', { name: `Quotas of ${user.email}` }).click();
    const editor = page.getByRole('form', { name: `Quotas of ${user.email}` });
    await editor.getByLabel(/Warm containers/).fill('1');
    await editor.getByRole('button', { name: 'Save quotas' }).click();
    await expect.poll(async () => (await gql(server, admin.token, '{ users { id quota { maxProvisioned } } }')).data.users.find((u: { id: string }) => u.id === user.id).quota.maxProvisioned, WAIT).toBe(1);

    await page.evaluate((token) => localStorage.setItem('fnbox.token', token), user.token);
    await page.goto(`${server.url}/functions/${fn}`);
    const panel = page.getByRole('region', { name: 'Concurrency and warmth' });
    await panel.getByText(/1 warm in all/).waitFor(WAIT);
    await panel.getByLabel('Warm containers').fill('2');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByRole('alert').getByText(/maxProvisioned/).waitFor(WAIT);
    await panel.getByLabel('Warm containers').fill('1');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByTestId('provisioned-ready').waitFor(WAIT);
    await expect.poll(async () => {
      await page.reload();
      return page.getByTestId('provisioned-ready').textContent();
    }, WAIT).toContain('1 of 1 warm now');
    await page.screenshot({ path: `${process.env.FNBOX_E2E_SHOTS ?? '/tmp'}/fnbox-e2e-quotas.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
