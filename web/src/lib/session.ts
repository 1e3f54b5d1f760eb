/**
 * The signed-in token, kept in localStorage so it survives reloads. A tiny Svelte-store-compatible
 * object (subscribe/set) with no Svelte dependency, so it can be unit tested in Node.
 */
export const TOKEN_KEY = 'fnbox.token';

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface TokenStore {
  /** The current token, or null when signed out. */
  get(): string | null;
  set(token: string | null): void;
  clear(): void;
  /** Svelte store contract: called at once with the current value, then on every change. */
  subscribe(run: (token: string | null) => void): () => void;
  /** Applies a change made in another tab (a `storage` event); returns true when the token changed. */
  sync(): boolean;
}

export function createTokenStore(storage: KeyValueStorage | null | undefined): TokenStore {
  const read = (): string | null => {
    try {
      const value = storage?.getItem(TOKEN_KEY) ?? null;
      return value && value.trim() ? value : null;
    } catch {
      return null; // storage disabled (private mode, sandboxed iframe)
    }
  };
  let token = read();
  const listeners = new Set<(token: string | null) => void>();
  const emit = () => {
    for (const run of [...listeners]) run(token);
  };
  const store: TokenStore = {
    get: () => token,
    set(next) {
      const value = next && next.trim() ? next.trim() : null;
      try {
        if (value) storage?.setItem(TOKEN_KEY, value);
        else storage?.removeItem(TOKEN_KEY);
      } catch {
        /* keep it in memory only */
      }
      if (value === token) return;
      token = value;
      emit();
    },
    clear: () => store.set(null),
    subscribe(run) {
      listeners.add(run);
      run(token);
      return () => void listeners.delete(run);
    },
    sync() {
      const next = read();
      if (next === token) return false;
      token = next;
      emit();
      return true;
    },
  };
  return store;
}

/** Reads the `exp` claim of a JWT without verifying it (API keys and malformed tokens give null). */
export function tokenExpiry(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = JSON.parse(atob(padded)) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** True when the token is a JWT whose expiry has passed (with a little slack). */
export function isExpired(token: string, now = Date.now()): boolean {
  const expiry = tokenExpiry(token);
  return expiry !== null && expiry <= now + 5_000;
}
