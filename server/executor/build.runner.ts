/**
 * Runs a dependency build in an isolated container from the runtime's builder image: the
 * function sandbox (no capabilities, read-only root, unprivileged uid, pids cap) with a build's
 * memory, a time limit, tmpfs scratch and output of bounded size (its only writable space, so
 * also its disk limit), and the EGRESS network: registries yes, never this host, the engine,
 * metadata or private ranges (server/network/). The container idles while `docker exec` runs
 * the install, then streams /out back as a tar (tmpfs cannot be copied out with the archive
 * API). It is removed whatever happens.
 */
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { ExecutorConfig } from '../config.js';
import type { EgressAccess } from '../network/egress.access.js';
import { unpackBuildOutput } from './build.output.js';
import { BUILD_CA_PATH, BUILD_OUT, buildScript, outputCommand } from './build.script.js';
import { containerSpec, FUNCTION_UID, type InstanceIdentity } from './container.hardening.js';
import { createOptions } from './dockerode.engine.js';
import type { DependencyBuilder, DependencyBuildRequest, DependencyBuildResult, Runtime } from './executor.types.js';

const MB = 1024 * 1024;
/** Installers fork compilers and workers: more than a function, still bounded. */
const BUILD_PIDS_LIMIT = 256;
export const BUILD_LABEL = 'fnbox.build';

export interface BuilderImages {
  /** The builder image's tag for a runtime, built on first need. */
  builder(runtime: Runtime): Promise<string>;
  /** The runtime image's id: sets are built for (and addressed by) it. */
  runtimeImageId(runtime: Runtime): Promise<string>;
}

export class DockerBuildRunner implements DependencyBuilder {
  /** Containers of running builds: the janitor must not take them for strays. */
  readonly containers = new Set<string>();

  constructor(
    private readonly docker: Docker,
    private readonly images: BuilderImages,
    private readonly egress: EgressAccess,
    private readonly config: ExecutorConfig,
    private readonly identity: InstanceIdentity,
    private readonly logger: Logger,
  ) {}

  runtimeImageId(runtime: Runtime): Promise<string> {
    return this.images.runtimeImageId(runtime);
  }

  async build(request: DependencyBuildRequest): Promise<DependencyBuildResult> {
    if (!(await this.egress.verify()) || !this.egress.ready) {
      return { ok: false, error: `builds reach registries through the egress network, which is not available: ${this.egress.problem ?? 'unknown'}` };
    }
    const image = await this.images.builder(request.runtime);
    const { limits } = request;
    const spec = containerSpec(this.config, this.identity, image, request.runtime, limits.memoryMb, undefined, this.egress.hostConfig());
    spec.labels[BUILD_LABEL] = request.buildId;
    spec.hostConfig.PidsLimit = BUILD_PIDS_LIMIT;
    const [uid, gid] = FUNCTION_UID.split(':');
    spec.hostConfig.Tmpfs = {
      '/tmp': `rw,nosuid,nodev,exec,size=${Math.ceil(limits.scratchBytes / MB)}m,mode=1777`,
      [BUILD_OUT]: `rw,nosuid,nodev,exec,size=${Math.ceil(limits.outputBytes / MB) + 1}m,mode=0755,uid=${uid},gid=${gid}`,
    };
    if (request.caFile) spec.hostConfig.Binds = [`${request.caFile}:${BUILD_CA_PATH}:ro`];
    delete spec.hostConfig.Init; // the idle command below is the only process besides exec'd ones
    const options = { ...createOptions(spec), Cmd: ['/bin/sh', '-c', 'trap "exit 0" TERM; while :; do sleep 3600; done'], Entrypoint: [], AttachStdin: false, OpenStdin: false };
    const container = await this.docker.createContainer(options);
    this.containers.add(container.id);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
    }, limits.timeoutMs);
    try {
      await container.start();
      const script = buildScript(request.runtime, request.files, request.registries, request.caFile ? BUILD_CA_PATH : undefined);
      const install = await this.exec(container, script.cmd, script.env, (stream) => forward(this.docker, stream, request.onOutput, request.onOutput));
      if (timedOut) return { ok: false, error: `the build took longer than ${Math.round(limits.timeoutMs / 1000)} s (FNBOX_BUILD_TIMEOUT_MS)` };
      if (install.exitCode !== 0) return { ok: false, error: await this.exitReason(container, install.exitCode) };
      const out = await this.exec(container, outputCommand(request.runtime), [], (stream) => {
        const stdout = new PassThrough().on('error', () => undefined); // a refused tar stops reading it
        const unpacked = unpackBuildOutput(stdout, request.outputDir, limits.outputBytes);
        unpacked.catch(() => undefined); // awaited below, once the stream has ended
        return forward(this.docker, stream, (text) => stdout.write(text), request.onOutput, () => stdout.end()).then(() => unpacked);
      });
      if (out.exitCode !== 0) return { ok: false, error: timedOut ? 'the build timed out while its output was copied' : 'could not copy the built dependencies out of the builder' };
      return { ok: true, bytes: out.value.bytes, files: out.value.files };
    } catch (err) {
      if (timedOut) return { ok: false, error: `the build took longer than ${Math.round(limits.timeoutMs / 1000)} s (FNBOX_BUILD_TIMEOUT_MS)` };
      return { ok: false, error: (err as Error).message };
    } finally {
      clearTimeout(timer);
      await container.remove({ force: true, v: true }).catch((err: Error) => this.logger.warn({ err: err.message }, 'could not remove a build container'));
      this.containers.delete(container.id);
    }
  }

  /** Runs `cmd` in the container as the builder's user; `consume` reads its multiplexed output. */
  private async exec<T>(container: Docker.Container, cmd: string[], env: string[], consume: (stream: Duplex) => Promise<T>): Promise<{ exitCode: number; value: T }> {
    const exec = await container.exec({ Cmd: cmd, Env: env, User: FUNCTION_UID, WorkingDir: '/tmp', AttachStdout: true, AttachStderr: true });
    const stream = (await exec.start({ hijack: true, stdin: false })) as Duplex;
    const value = await consume(stream);
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, value };
  }

  /** An installer's failure is in its log; a kill by the kernel is not, so say it. */
  private async exitReason(container: Docker.Container, exitCode: number): Promise<string> {
    const state = await container.inspect().then((i) => i.State, () => undefined);
    if (state?.OOMKilled || exitCode === 137) return 'the build ran out of memory (FNBOX_BUILD_MEMORY_MB) or was killed';
    return `the installer exited with code ${exitCode}: see the log above`;
  }
}

/** Demultiplexes an exec stream: stdout and stderr to their sinks, until it ends. */
function forward(docker: Docker, stream: Duplex, stdout: (chunk: Buffer) => void, stderr: (chunk: Buffer) => void, onEnd?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = new PassThrough().on('data', stdout);
    const err = new PassThrough().on('data', stderr);
    docker.modem.demuxStream(stream, out, err);
    stream.on('end', () => {
      onEnd?.();
      resolve();
    });
    stream.on('error', reject);
  });
}
