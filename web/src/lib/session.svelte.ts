import { browser } from '$app/environment';
import { createTokenStore, isExpired, type TokenStore } from './session.js';

export interface Viewer {
  id: string;
  email: string;
  role: 'ADMIN' | 'USER';
}

/** App-wide sign-in state (runes). The token lives in localStorage; the viewer comes from `me`. */
class Session {
  #store: TokenStore;
  token = $state<string | null>(null);
  viewer = $state<Viewer | null>(null);
  /** Why the user was signed out, shown on the sign-in page. */
  notice = $state<string>('');

  constructor() {
    this.#store = createTokenStore(browser ? window.localStorage : null);
    const initial = this.#store.get();
    if (initial && isExpired(initial)) {
      this.#store.clear();
      this.notice = 'Your session expired. Sign in again.';
    }
    this.token = this.#store.get();
    this.#store.subscribe((token) => {
      this.token = token;
      if (!token) this.viewer = null;
    });
    if (browser) {
      // Signing in or out in another tab applies here too.
      window.addEventListener('storage', () => this.#store.sync());
    }
  }

  get isAdmin(): boolean {
    return this.viewer?.role === 'ADMIN';
  }

  signIn(token: string, viewer: Viewer | null = null): void {
    this.notice = '';
    this.viewer = viewer;
    this.#store.set(token);
  }

  signOut(notice = ''): void {
    this.notice = notice;
    this.viewer = null;
    this.#store.clear();
  }
}

export const session = new Session();
