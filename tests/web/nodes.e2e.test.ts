/**
 * The dashboard on a cluster (issue 15 item 7), end to end: two nodes on one PostgreSQL and
 * Redis, real Docker and Chromium. The nodes page lists both (status, containers, load) to an
 * administrator only, and an invocation's page names the node that ran it, though the call
 * entered the other node. Skipped where PostgreSQL or Redis does not answer, except in CI.
 */
import { describe, expect, it } from 'vitest';
import { nodeIdFor } from '../../server/cluster/node.identity.js';
import { createFunction, gql } from '../executor/server.helpers.js';
import { signedInPage, useDashboard } from '../support/browser.js';
import { nodeConfig, sharedStoresAvailable } from '../support/cluster.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const available = await sharedStoresAvailable();
const WAIT = { timeout: 60_000 };

describe.skipIf(!available)('dashboard on a cluster', () => {
  let database: TestDatabase;
  let other: TestServer;
  const dashboard = useDashboard(
    async () => {
      database = await createTestDatabase();
      const [a, b] = await Promise.all([startTestServer(await nodeConfig(database.url)), startTestServer(await nodeConfig(database.url))]);
      other = b;
      return a;
    },
    async (a) => {
      await Promise.all([a.close(), other?.close()]);
      await database?.drop();
    },
  );

  it('lists the nodes to an administrator, and names the node that ran an invocation', { timeout: 300_000 }, async () => {
    const { server } = dashboard;
    const admin = await server.signUp('admin');
    const user = await server.signUp('viewer');
    const { page, problems } = await signedInPage(dashboard, admin.token);
    await page.goto(`${server.url}/nodes`);
    const table = page.getByTestId('nodes-table');
    for (const node of [server, other]) {
      const row = table.getByRole('row').filter({ hasText: node.url });
      await row.getByText('UP').waitFor(WAIT);
      await expect.poll(async () => row.getByRole('cell').allTextContents()).toEqual([nodeIdFor(node.url), node.url, 'UP', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+\.\d\d$/), expect.any(String)]);
    }

    // A call entering this node that ran on the other: its page says where.
    const otherId = nodeIdFor(other.url);
    let ran: { id: string; node: string } | undefined;
    for (let i = 0; i < 20 && ran?.node !== otherId; i++) {
      const fn = await createFunction(server, admin.token, { name: `placed-${i}`, runtime: 'NODE', code: 'exports.handler = () => 1' });
      ran = (await gql(server, admin.token, `mutation($f: ID!) { invokeFunction(id: $f) { id node } }`, { f: fn })).data.invokeFunction;
    }
    expect(ran?.node).toBe(otherId);
    await page.goto(`${server.url}/invocations/${ran!.id}`);
    await page.locator('dt', { hasText: /^Node$/ }).waitFor(WAIT);
    expect(await page.locator('dt', { hasText: /^Node$/ }).locator('xpath=following-sibling::dd').textContent()).toBe(otherId);

    // Not for everyone.
    await page.evaluate((token) => localStorage.setItem('fnbox.token', token), user.token);
    await page.goto(`${server.url}/nodes`);
    await page.getByText("Ask an administrator about the cluster's nodes.").waitFor(WAIT);
    expect(await page.getByTestId('nodes-table').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
