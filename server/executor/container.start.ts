/**
 * How a function container starts: create + attach + start + the agent's hello/ready, over
 * the agent socket when the engine mounts it, else over the attach stream.
 */
import crypto from 'node:crypto';
import { refusedMount, type AgentListener, type AgentSockets } from './agent.sockets.js';
import { isEngineUnreachable, type ContainerEngine, type ContainerSpec } from './container.engine.js';
import type { Runtime } from './executor.types.js';
import { FunctionContainer, type Limits } from './function.container.js';

/**
 * A started container whose agent is ready. Throws (after removing the container) on failure;
 * `onUnremoved` hears of a container the engine could not be asked to remove (it went away).
 */
export async function launchContainer(
  engine: ContainerEngine,
  spec: ContainerSpec,
  runtime: Runtime,
  memoryMb: number,
  limits: Limits,
  sockets?: AgentSockets,
  onUnremoved?: (id: string) => void,
): Promise<FunctionContainer> {
  const listener = await sockets?.open();
  const start = (withSocket: boolean) =>
    // Named before it is made: a create whose answer is lost may still have made it, and the name finds it.
    startContainer(engine, { ...(withSocket && listener ? listener.mountInto(spec) : spec), name: `fnbox-${crypto.randomUUID()}` }, runtime, memoryMb, limits, onUnremoved, withSocket ? listener : undefined, sockets);
  try {
    return await start(true);
  } catch (err) {
    if (!listener || !refusedMount(err)) throw err;
    // An engine that refuses the mount (at create, or at start as Docker Desktop does for a
    // path it does not share) still runs the container without it, over the attach stream.
    const container = await start(false);
    sockets?.failed(`the engine refused the socket mount: ${(err as Error).message}`);
    return container;
  } finally {
    listener?.dispose();
  }
}

async function startContainer(
  engine: ContainerEngine,
  spec: ContainerSpec,
  runtime: Runtime,
  memoryMb: number,
  limits: Limits,
  onUnremoved?: (id: string) => void,
  listener?: AgentListener,
  sockets?: AgentSockets,
): Promise<FunctionContainer> {
  const id = await engine.create(spec).catch((err: unknown) => {
    // The engine may have made it before the answer was lost: removed by name once it is back.
    if (spec.name && isEngineUnreachable(err)) onUnremoved?.(spec.name);
    throw err;
  });
  const container = new FunctionContainer(id, runtime, memoryMb, engine, limits);
  try {
    await container.handshake(listener, sockets);
    return container;
  } catch (err) {
    await container.discard().catch((removeErr: unknown) => {
      if (isEngineUnreachable(removeErr)) onUnremoved?.(id);
    });
    throw err;
  }
}
