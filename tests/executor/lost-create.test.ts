/**
 * A create call whose answer never arrives (the engine cut off mid-call, or the call timed
 * out) may still have made the container. fnbox names every container before creating it, so
 * that one is removed by name as soon as the engine answers again, not left running until
 * the untracked-container sweep finds it a minute or more later.
 */
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DockerExecutor } from '../../server/executor/docker.executor.js';
import { instanceContainers, py, run, startExecutor, until } from './executor.helpers.js';
import { EngineProxy } from './server.helpers.js';

const proxy = new EngineProxy();
let executor: DockerExecutor;

beforeAll(async () => {
  await proxy.up();
  // No stem cells: the call below must create its container.
  ({ executor } = await startExecutor({ stemCellsPerRuntime: 0 }, { docker: new Docker({ socketPath: proxy.socketPath }) }));
}, 300_000);

afterAll(async () => {
  proxy.loseAnswersTo = undefined;
  await executor?.close();
  await proxy.down();
}, 60_000);

it('removes a container whose create answer was lost once the engine answers again', async () => {
  const spec = py('def handler():\n    return "ran"');
  proxy.loseAnswersTo = /^POST \S*\/containers\/create/;
  const lost = await run(executor, spec).then(
    (result) => result,
    (error: { code?: string }) => error,
  );
  expect(lost).toMatchObject({ code: 'UNAVAILABLE' });
  // The engine made it all the same.
  expect(await instanceContainers(executor)).toHaveLength(1);

  proxy.loseAnswersTo = undefined;
  await until(async () => (await instanceContainers(executor)).length === 0, 45_000);
  expect(await run(executor, spec)).toMatchObject({ status: 'SUCCESS', result: 'ran' });
});
