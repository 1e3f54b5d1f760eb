/** Told the id of a user whose credentials changed. */
export type CredentialsListener = (userId: string) => void;

/**
 * The one signal that a user's credentials changed: an API key revoked, the role changed, the
 * account disabled or enabled. Whatever remembers a resolved credential (the API key cache,
 * the user cache, an open subscription's viewer) listens and forgets it, so the change holds
 * from the very next request. Listeners run synchronously, before the mutation answers.
 *
 * One process is one node today. For several replicas, a node would also publish the user id
 * on the shared event bus (server/events) and call `changed` for the ids it receives: every
 * listener is idempotent, so hearing a change twice costs one lookup.
 */
export class CredentialChanges {
  private readonly listeners = new Set<CredentialsListener>();

  /** Returns a function that stops listening. */
  on(listener: CredentialsListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Every listener runs even if one throws (a cache left stale would keep a revoked key working). */
  changed(userId: string): void {
    let failure: unknown;
    for (const listener of this.listeners) {
      try {
        listener(userId);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
