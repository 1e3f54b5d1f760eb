/**
 * Live logs in the dashboard (issue 16 item 4), end to end (real server, Docker, Chromium):
 * the invocation page follows a running invocation's output and says "Waiting for output…"
 * until it prints, the function page's Live tail shows each invocation's output as it comes,
 * and "Nothing printed" is said only of a finished invocation that printed nothing.
 */
import { describe, expect, it } from 'vitest';
import { violations } from '../support/axe.js';
import { signedInPage, useDashboard } from '../support/browser.js';
import { startTestServer } from '../support/test-server.js';

const WAIT = { timeout: 60_000 };
/** Quiet for three seconds, then a line every 300 ms for about three seconds. */
const PRINTER =
  'import time\ndef handler(event, context):\n    if event.get("quiet"):\n        return 0\n    time.sleep(3)\n    for i in range(10):\n        print("step %d" % i, flush=True)\n        time.sleep(0.3)\n    return 10\n';

describe('dashboard live logs', () => {
  const dashboard = useDashboard(() => startTestServer({ async: { pollMs: 50 } as never }));

  it('follows a running invocation on its page and in the function live tail, with truthful empty states', { timeout: 300_000 }, async () => {
    const { server, browser } = dashboard;
    const { token } = await server.signUp('tail');
    const created = await server.gql(`mutation($c: String!) { createFunction(input: { name: "stepper", runtime: PYTHON, code: $c }) { id } }`, { c: PRINTER }, token);
    const fn = created.data.createFunction.id as string;
    const invokeAsync = async (input: unknown) =>
      (await server.gql(`mutation($id: ID!, $i: JSON) { invokeFunctionAsync(id: $id, input: $i) { id } }`, { id: fn, i: input }, token)).data.invokeFunctionAsync.id as string;
    // Warm first, so the invocation below starts printing a second after it is accepted.
    await server.gql(`mutation($id: ID!) { invokeFunction(id: $id, input: { quiet: true }) { status } }`, { id: fn }, token);

    // One context: the second page shares the first one's signed-in storage.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true }); // axe is injected as a script
    const { page: functionPage, problems } = await signedInPage(dashboard, token, { context });
    await functionPage.goto(`${server.url}/functions/${fn}`);
    const tail = functionPage.getByRole('region', { name: 'Live tail' });
    await tail.getByText('Waiting for output…').waitFor(WAIT);

    const id = await invokeAsync({});
    const invocationPage = await context.newPage();
    invocationPage.on('pageerror', (error) => problems.push(error.message));
    await invocationPage.goto(`${server.url}/invocations/${id}`);
    const logs = invocationPage.getByRole('region', { name: 'Logs' });
    // Running and quiet: waiting, not "Nothing printed".
    await logs.getByTestId('logs-waiting').waitFor(WAIT);
    expect(await logs.getByText(/Nothing printed/).count()).toBe(0);
    // Its first lines while it still runs (the result card says so), then the whole output.
    await logs.getByTestId('invocation-logs').filter({ hasText: 'step 1' }).waitFor(WAIT);
    expect(await invocationPage.getByText('Still running…').count()).toBe(1);
    await tail.getByTestId('live-tail').filter({ hasText: 'step 1' }).waitFor(WAIT);
    // Both pages as they follow it pass axe too (the live tag, the tail's entries).
    expect(await violations(invocationPage)).toEqual([]);
    expect(await violations(functionPage)).toEqual([]);
    await invocationPage.getByTestId('invocation-result').waitFor(WAIT);
    const text = await logs.getByTestId('invocation-logs').textContent();
    expect(text).toBe(Array.from({ length: 10 }, (_, i) => `step ${i}\n`).join(''));
    await tail.getByTestId('live-tail').filter({ hasText: 'step 9' }).waitFor(WAIT);
    await functionPage.screenshot({ path: `${process.env.FNBOX_E2E_SHOTS ?? '/tmp'}/fnbox-e2e-live-tail.png`, fullPage: true });

    // A finished invocation that printed nothing says so.
    const quiet = await invokeAsync({ quiet: true });
    await invocationPage.goto(`${server.url}/invocations/${quiet}`);
    await invocationPage.getByTestId('invocation-result').waitFor(WAIT);
    await logs.getByText('Nothing printed to stdout or stderr.').waitFor(WAIT);
    expect(problems).toEqual([]);
    await context.close();
  });
});
