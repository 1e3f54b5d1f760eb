import crypto from 'node:crypto';
import { badInput, notFound } from '../errors.js';
import type { EventBus } from '../events/event.bus.js';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../logger.js';
import type { SecretCipher } from './secret.crypto.js';
import { SecretMasker } from './secret.masker.js';
import type { SecretRepository } from './secret.repository.js';
import type { SecretInfo } from './secret.table.js';
import { SECRET_LIMITS, validateSecretName, validateSecretValue } from './secret.validation.js';

/** What one invocation gets: the variables, a key part that changes with them, and its masker. */
export interface ResolvedSecrets {
  env: Record<string, string>;
  /** Changes whenever one of these secrets changes: warm containers are kept per revision. */
  revision: number;
  masker: SecretMasker;
}

/** A function lists secrets that do not exist (deleted) or cannot be opened: its invocation is an ERROR. */
export class SecretUnavailableError extends Error {}

interface OwnerSecrets {
  values: Map<string, string>;
  unreadable: Set<string>;
  masker: SecretMasker;
  /** Resolutions by the function's `secrets` column text: a warm call is one map lookup. */
  resolved: Map<string, ResolvedSecrets>;
}

/**
 * Per-user secrets. Values are sealed before they reach the repository and opened only to run
 * a function; no method returns one to an API caller. Decrypted values are cached per owner
 * and dropped on every change, made here or, told by the event bus, on another node.
 */
export class SecretService {
  private readonly owners = new Map<string, Promise<OwnerSecrets>>();
  /** Bumped on every change; each secret remembers the last one that touched it. */
  private generation = 0;
  private readonly revisions = new Map<string, number>();
  /** Tells this node's own changes apart when the bus hands them back. */
  private readonly origin = crypto.randomUUID();

  constructor(
    private readonly secrets: SecretRepository,
    private readonly cipher: SecretCipher,
    private readonly logger: Logger,
    private readonly events?: EventBus,
  ) {
    events?.listen('secret', ({ ownerId, name, origin }) => {
      if (origin !== this.origin) this.forget(ownerId, name);
    });
  }

  list(viewer: Viewer): Promise<SecretInfo[]> {
    return this.secrets.list(viewer.id);
  }

  async set(viewer: Viewer, name: unknown, value: unknown): Promise<SecretInfo> {
    const validName = validateSecretName(name);
    const validValue = validateSecretValue(value);
    const existing = await this.secrets.list(viewer.id);
    if (!existing.some((s) => s.name === validName) && existing.length >= SECRET_LIMITS.perUser) {
      throw badInput(`at most ${SECRET_LIMITS.perUser} secrets per user`);
    }
    const info = await this.secrets.upsert(viewer.id, validName, this.cipher.seal(viewer.id, validName, validValue), Date.now());
    this.changed(viewer.id, validName);
    return info;
  }

  async delete(viewer: Viewer, name: string): Promise<boolean> {
    if (!(await this.secrets.delete(viewer.id, name))) throw notFound('Secret');
    this.changed(viewer.id, name);
    return true;
  }

  /**
   * The values of `names` (a function's `secrets` column, a JSON array) for an invocation.
   * Throws SecretUnavailableError naming any that is missing or unreadable.
   */
  async resolve(ownerId: string, namesJson: string): Promise<ResolvedSecrets> {
    let loading = this.load(ownerId);
    let owner = await loading;
    // A change while the values were read may have been missed: read them again, so that values
    // and revision always agree (a container keyed by a new revision must hold the new values).
    for (let tries = 0; this.owners.get(ownerId) !== loading && tries < 3; tries++) {
      loading = this.load(ownerId);
      owner = await loading;
    }
    const cached = owner.resolved.get(namesJson);
    if (cached) return cached;
    const names = JSON.parse(namesJson) as string[];
    const missing = names.filter((name) => !owner.values.has(name));
    if (missing.length) {
      const unreadable = missing.filter((name) => owner.unreadable.has(name));
      const absent = missing.filter((name) => !owner.unreadable.has(name));
      const parts = [];
      if (absent.length) parts.push(`${plural(absent)} ${absent.join(', ')} ${absent.length > 1 ? 'do' : 'does'} not exist`);
      if (unreadable.length) parts.push(`${plural(unreadable)} ${unreadable.join(', ')} cannot be decrypted with the current key`);
      throw new SecretUnavailableError(`${parts.join('; ')}: set ${missing.length > 1 ? 'them' : 'it'} or remove ${missing.length > 1 ? 'them' : 'it'} from the function`);
    }
    const env: Record<string, string> = {};
    let revision = 0;
    for (const name of names) {
      env[name] = owner.values.get(name)!;
      revision = Math.max(revision, this.revisions.get(revisionKey(ownerId, name)) ?? 0);
    }
    const resolved = { env, revision, masker: owner.masker };
    owner.resolved.set(namesJson, resolved);
    return resolved;
  }

  private load(ownerId: string): Promise<OwnerSecrets> {
    let owner = this.owners.get(ownerId);
    if (!owner) {
      owner = this.open(ownerId);
      this.owners.set(ownerId, owner);
      const loading = owner;
      loading.catch(() => {
        if (this.owners.get(ownerId) === loading) this.owners.delete(ownerId);
      });
    }
    return owner;
  }

  private async open(ownerId: string): Promise<OwnerSecrets> {
    const values = new Map<string, string>();
    const unreadable = new Set<string>();
    for (const row of await this.secrets.listSealed(ownerId)) {
      try {
        values.set(row.name, this.cipher.open(ownerId, row.name, row));
      } catch (error) {
        unreadable.add(row.name);
        this.logger.error({ err: error, ownerId, secretName: row.name }, 'secret cannot be decrypted');
      }
    }
    return { values, unreadable, masker: new SecretMasker(values), resolved: new Map() };
  }

  private changed(ownerId: string, name: string) {
    this.forget(ownerId, name);
    this.events?.publish('secret', { ownerId, name, origin: this.origin });
  }

  /** Drops the owner's decrypted values; the next invocation reads them again, under a new revision. */
  private forget(ownerId: string, name: string) {
    this.revisions.set(revisionKey(ownerId, name), ++this.generation);
    this.owners.delete(ownerId);
  }
}

const revisionKey = (ownerId: string, name: string) => `${ownerId}\0${name}`;
const plural = (names: string[]) => (names.length > 1 ? 'secrets' : 'secret');
