/** Shared set-up for executor tests: one real executor per file, on the real Docker engine. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { pino } from 'pino';
import { loadConfig, type ExecutorConfig } from '../../server/config.js';
import { createDockerExecutor, type DockerExecutor } from '../../server/executor/docker.executor.js';
import type { ExecutionResult, FunctionSpec, Runtime } from '../../server/executor/executor.types.js';
import { ensureRuntimeImages } from '../../server/executor/images/image.builder.js';

export const docker = new Docker();

export async function startExecutor(
  overrides: Partial<ExecutorConfig> = {},
  extra: { dataDir?: string; docker?: Docker; serverBusy?: () => boolean } = {},
): Promise<{ executor: DockerExecutor; dataDir: string }> {
  await ensureRuntimeImages(docker, { pullOfficialBase: false });
  const dataDir = extra.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-exec-'));
  const config = { ...loadConfig({ FNBOX_EGRESS_GUARD: 'off' }).executor, stemCellsPerRuntime: 1, ...overrides };
  const executor = createDockerExecutor({
    config,
    dataDir,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    docker: extra.docker,
    serverBusy: extra.serverBusy,
  });
  await executor.start();
  return { executor, dataDir };
}

let counter = 0;
export function fn(runtime: Runtime, code: string, extra: Partial<FunctionSpec> = {}): FunctionSpec {
  counter++;
  return {
    id: `fn-${process.pid}-${counter}-${crypto.randomBytes(3).toString('hex')}`,
    ownerId: 'test-owner',
    name: `test-fn-${counter}`,
    version: 1,
    runtime,
    code,
    timeoutMs: 10_000,
    memoryMb: 128,
    env: {},
    ...extra,
  };
}

export const py = (code: string, extra: Partial<FunctionSpec> = {}) => fn('PYTHON', code, extra);
export const js = (code: string, extra: Partial<FunctionSpec> = {}) => fn('NODE', code, extra);

export function run(executor: DockerExecutor, spec: FunctionSpec, event: unknown = null): Promise<ExecutionResult> {
  return executor.execute({ fn: spec, invocationId: crypto.randomUUID(), eventJson: JSON.stringify(event) });
}

/** Containers of one executor instance as the engine sees them. */
export async function instanceContainers(executor: DockerExecutor, labels: Record<string, string> = {}) {
  const filters = [`fnbox.instance=${executor.identity.instanceId}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  return docker.listContainers({ all: true, filters: { label: filters } });
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
