import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/auth/viewer.js';
import { launchChromium } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// GraphiQL at /graphql runs subscriptions over graphql-ws with the Authorization header of
// its Headers tab (sent as connectionParams). Needs a Chromium at /usr/bin/chromium.

const CHROMIUM = '/usr/bin/chromium';
let server: TestServer;
let browser: Browser;

describe.skipIf(!fs.existsSync(CHROMIUM))('GraphiQL subscriptions over WebSocket', () => {
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('authenticates the WebSocket from the Headers tab and shows pushed values', async () => {
    const user = await server.signUp('graphiql');
    const fn = (await server.gql(`mutation { createFunction(input: { name: "g", runtime: NODE, code: "exports.handler = () => 1" }) { id } }`, {}, user.token)).data.createFunction.id;
    const query = `subscription { functionMetrics(functionId: "${fn}") { invocations } }`;
    const url = `${server.url}/graphql?query=${encodeURIComponent(query)}`;
    const page = await browser.newPage();
    await page.goto(url);
    // GraphiQL stores its tabs (debounced) once the ?query tab is open; edit after that.
    await page.waitForFunction(() => localStorage.getItem('graphiql:tabState')?.includes('functionMetrics'));
    // What typing into the Headers tab persists (GraphiQL keeps tabs in localStorage).
    await page.evaluate((token) => {
      const state = JSON.parse(localStorage.getItem('graphiql:tabState')!);
      for (const tab of state.tabs) tab.headers = JSON.stringify({ Authorization: `Bearer ${token}` });
      localStorage.setItem('graphiql:tabState', JSON.stringify(state));
    }, user.token);
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => frames.push(String(f.payload))));
    await page.locator('button[aria-label^="Execute"]').click();
    // The response pane is an editor: spaces render as non-breaking ones.
    const shows = (text: string) =>
      page.waitForFunction((t) => (document.querySelector('.graphiql-response') as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').includes(t), text);
    await shows('"invocations": 0');
    const viewer: Viewer = { id: user.id, email: user.email, role: 'ADMIN', via: 'jwt' };
    await server.app.services.invocations.invoke(viewer, fn, {}, 'GRAPHQL');
    await shows('"invocations": 1');
    expect(JSON.parse(frames[0]!)).toEqual({ type: 'connection_init', payload: { authorization: `Bearer ${user.token}` } });
  });
});
