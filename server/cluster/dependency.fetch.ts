/**
 * Dependency sets across nodes (issue 15 item 4): a set is built once, on one node; any other
 * node that needs it (a build of the same dependencies, or a call of a version whose set it
 * lacks) copies it from a live node that has it, over the signed cluster route
 * (dependency.rest.ts), streamed into a staging directory with the build output's checks
 * (executor/build.output.ts), and uses it only when its content digest is the one its builder
 * recorded in the shared store. A peer sending other bytes is refused and the next one tried.
 * Calls wait for the copy (a cold start that takes longer), never fail for it while a node has it.
 */
import type { KeyObject } from 'node:crypto';
import crypto from 'node:crypto';
import type { BuildRepository } from '../builds/build.repository.js';
import { contentDigest } from '../builds/dependency.content.js';
import { COPY_PREFIX, type DependencySets } from '../builds/dependency.set.js';
import { unavailable } from '../errors.js';
import { unpackBuildOutput } from '../executor/build.output.js';
import type { Logger } from '../logger.js';
import { signedGet } from './artifact.client.js';
import type { NodeRegistry } from './node.registry.js';

export const DEPENDENCIES_PATH = '/_cluster/dependencies';

export class DependencyFetcher {
  /** One copy per set at a time: concurrent cold starts wait for the same one. */
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly registry: NodeRegistry,
    private readonly key: KeyObject,
    private readonly sets: DependencySets,
    private readonly builds: Pick<BuildRepository, 'contentDigestOf'>,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  /** Before a container mounts the set: copies it here first when this node lacks it. */
  async ensure(digest: string): Promise<void> {
    if (this.sets.has(digest)) return;
    if (!(await this.copy(digest))) throw unavailable('The dependencies of this version are on no live node: they are built again at its next deploy');
  }

  /** For a build: copies the set from a peer; false when no live node has it. */
  async fetch(digest: string, say: (text: string) => void): Promise<boolean> {
    const from = await this.copy(digest, say);
    if (from) say(`Copied from node ${from} (content verified), not built again.\n`);
    return !!from;
  }

  /** The node the set was copied from, or undefined when none had it (or none sent the right bytes). */
  private copy(digest: string, say: (text: string) => void = () => {}): Promise<string | undefined> {
    let copying = this.inFlight.get(digest);
    if (!copying) {
      copying = this.copyOnce(digest, say).finally(() => this.inFlight.delete(digest));
      this.inFlight.set(digest, copying);
    }
    return copying;
  }

  private async copyOnce(digest: string, say: (text: string) => void): Promise<string | undefined> {
    if (this.sets.has(digest)) return this.registry.id;
    const expected = await this.builds.contentDigestOf(digest);
    if (!expected) return undefined; // never built anywhere (or before digests were recorded): nothing to check a copy against
    for (const node of this.registry.peers()) {
      const staging = `${COPY_PREFIX}${crypto.randomUUID()}`;
      const dir = this.sets.stage(staging);
      try {
        const res = await signedGet(this.key, this.registry.id, node.url, `${DEPENDENCIES_PATH}?digest=${digest}`);
        if (res.statusCode !== 200) {
          res.resume();
          continue;
        }
        await unpackBuildOutput(res, dir, this.maxBytes);
        if (!res.complete) throw new Error('the copy was cut off');
        const actual = await contentDigest(dir);
        if (actual !== expected) throw new Error(`its content digest ${actual.slice(0, 16)} is not the recorded ${expected.slice(0, 16)}`);
        this.sets.commit(staging, digest);
        this.logger.info({ digest, from: node.id }, 'copied a dependency set from another node');
        return node.id;
      } catch (err) {
        this.sets.discard(staging);
        say(`Refused the copy from node ${node.id}: ${(err as Error).message}\n`);
        this.logger.warn({ digest, from: node.id, err: (err as Error).message }, 'refused a dependency set copy');
      }
    }
    return undefined;
  }
}
