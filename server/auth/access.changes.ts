import crypto from 'node:crypto';
import type { AccessChangePayload, EventBus } from '../events/event.bus.js';
import type { Role } from './user.table.js';
import type { Viewer } from './viewer.js';

export type AccessChange = Omit<AccessChangePayload, 'origin'>;

interface KnownAccess {
  role?: Role;
  disabled?: boolean;
  revokedApiKeys: Set<string>;
}

/**
 * What changed about users' access since the server started (role, disabling, revoked API
 * keys), in memory, so that every live event can be authorised against the current state
 * without a database read. A viewer is resolved from the database when it subscribes; a
 * change published after that read makes it stale here at once. Changes travel on the event
 * bus (so every replica learns them once it is a Redis bus); the changing server applies its
 * own before it publishes, so its mutation returns only after its subscriptions were cut.
 */
export class AccessChanges {
  private readonly known = new Map<string, KnownAccess>();
  private readonly listeners = new Set<(change: AccessChange) => void>();
  /** Tells this server's own changes apart when the bus hands them back. */
  private readonly origin = crypto.randomUUID();

  constructor(private readonly events: EventBus) {
    events.listen('access', ({ origin, ...change }) => {
      if (origin !== this.origin) this.apply(change);
    });
  }

  publish(change: AccessChange): void {
    this.apply(change);
    this.events.publish('access', { ...change, origin: this.origin });
  }

  /**
   * Whether a viewer resolved earlier may still see what it was authorised for: not disabled,
   * its API key not revoked, and not demoted below the role it had (a promotion keeps the
   * narrower view it subscribed with). O(1), on the live push path.
   */
  stillEntitled(viewer: Viewer): boolean {
    const known = this.known.get(viewer.id);
    if (!known) return true;
    if (this.credentialsRevoked(viewer)) return false;
    return !(viewer.role === 'ADMIN' && known.role !== undefined && known.role !== 'ADMIN');
  }

  /** The user was disabled, or the API key the viewer used was revoked, since it was resolved. */
  credentialsRevoked(viewer: Viewer): boolean {
    const known = this.known.get(viewer.id);
    if (!known) return false;
    return known.disabled === true || (viewer.apiKeyId !== undefined && known.revokedApiKeys.has(viewer.apiKeyId));
  }

  /**
   * A user's access as just read from the store, after changes may have been missed (Redis
   * reconnected): applied on this server only, as a change heard on the bus would be, so
   * that live connections cut what it no longer allows. The store is the truth: nothing to
   * publish.
   */
  reconcile(change: AccessChange): void {
    this.apply(change);
  }

  /** Called after each change is applied (live connections cut what it no longer allows). */
  onChange(listener: (change: AccessChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(change: AccessChange): void {
    let known = this.known.get(change.userId);
    if (!known) this.known.set(change.userId, (known = { revokedApiKeys: new Set() }));
    if (change.role !== undefined) known.role = change.role;
    if (change.disabled !== undefined) known.disabled = change.disabled;
    if (change.revokedApiKeyId !== undefined) known.revokedApiKeys.add(change.revokedApiKeyId);
    for (const listener of this.listeners) listener(change);
  }
}
