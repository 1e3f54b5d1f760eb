import { describe, expect, it } from 'vitest';
import { createTokenStore, isExpired, TOKEN_KEY, tokenExpiry, type KeyValueStorage } from '../../web/src/lib/session.js';
import { isPublicPath, safeNext } from '../../web/src/lib/navigation.js';
import { errorCodes, errorMessage, isUnauthenticated } from '../../web/src/lib/errors.js';
import { retryDelay, websocketUrl } from '../../web/src/lib/client.js';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function jwt(payload: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`;
}

describe('token store', () => {
  it('reads the token kept from an earlier visit', () => {
    const store = createTokenStore(memoryStorage({ [TOKEN_KEY]: 'abc' }));
    expect(store.get()).toBe('abc');
  });

  it('persists sign-in and clears on sign-out, telling subscribers', () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    const seen: (string | null)[] = [];
    const stop = store.subscribe((token) => seen.push(token));
    store.set('t1');
    store.set('t1'); // unchanged: no event
    store.clear();
    stop();
    store.set('t2');
    expect(seen).toEqual([null, 't1', null]);
    expect(storage.data.get(TOKEN_KEY)).toBe('t2');
  });

  it('treats blank tokens as signed out', () => {
    const store = createTokenStore(memoryStorage({ [TOKEN_KEY]: '  ' }));
    expect(store.get()).toBeNull();
    store.set('   ');
    expect(store.get()).toBeNull();
  });

  it('keeps working when storage throws (private mode) or is missing', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    const store = createTokenStore(broken);
    expect(store.get()).toBeNull();
    store.set('memory-only');
    expect(store.get()).toBe('memory-only');
    const none = createTokenStore(null);
    none.set('x');
    expect(none.get()).toBe('x');
  });

  it('syncs a change made in another tab', () => {
    const storage = memoryStorage({ [TOKEN_KEY]: 'a' });
    const store = createTokenStore(storage);
    const seen: (string | null)[] = [];
    store.subscribe((token) => seen.push(token));
    storage.data.delete(TOKEN_KEY);
    expect(store.sync()).toBe(true);
    expect(store.sync()).toBe(false);
    expect(seen).toEqual(['a', null]);
  });
});

describe('JWT expiry', () => {
  it('reads exp and knows when it has passed', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    const token = jwt({ sub: 'u', exp: now / 1000 + 3600 });
    expect(tokenExpiry(token)).toBe(now + 3_600_000);
    expect(isExpired(token, now)).toBe(false);
    expect(isExpired(token, now + 3_600_000)).toBe(true);
  });
  it('never expires API keys or malformed tokens', () => {
    expect(tokenExpiry('fnbox_abcdef')).toBeNull();
    expect(tokenExpiry('a.b.c')).toBeNull();
    expect(isExpired('fnbox_abcdef')).toBe(false);
    expect(tokenExpiry(jwt({ sub: 'u' }))).toBeNull();
  });
});

describe('navigation guards', () => {
  it('knows the public pages', () => {
    expect(isPublicPath('/signin')).toBe(true);
    expect(isPublicPath('/signup/')).toBe(true);
    expect(isPublicPath('/')).toBe(false);
    expect(isPublicPath('/functions')).toBe(false);
  });
  it('only returns to same-origin app paths after sign-in', () => {
    expect(safeNext(null)).toBe('/');
    expect(safeNext('/functions/abc?x=1')).toBe('/functions/abc?x=1');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('/signin?next=/x')).toBe('/');
  });
});

describe('errors', () => {
  it('finds UNAUTHENTICATED in GraphQL errors and 401 responses', () => {
    expect(isUnauthenticated({ graphQLErrors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] })).toBe(true);
    expect(isUnauthenticated({ graphQLErrors: [], networkError: new Error('x'), response: { status: 401 } })).toBe(true);
    expect(isUnauthenticated({ graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] })).toBe(false);
    expect(isUnauthenticated(null)).toBe(false);
    expect(errorCodes({ graphQLErrors: [{ message: 'a', extensions: { code: 'CONFLICT' } }, { message: 'b' }] })).toEqual(['CONFLICT']);
  });
  it('prefers the server message, hides internal ones, explains network failures', () => {
    expect(errorMessage({ graphQLErrors: [{ message: 'Route /stats is taken', extensions: { code: 'CONFLICT' } }] })).toBe('Route /stats is taken');
    expect(errorMessage({ graphQLErrors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] })).toBe(
      'Something went wrong on the server.',
    );
    expect(errorMessage({ graphQLErrors: [], networkError: new Error('Failed to fetch') })).toMatch(/Cannot reach the fnbox server/);
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(new Error('[GraphQL] boom'))).toBe('boom');
    expect(errorMessage(null)).toBe('');
  });
});

describe('API client helpers', () => {
  it('derives the WebSocket URL from the page origin', () => {
    expect(websocketUrl('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/graphql');
    expect(websocketUrl('https://fnbox.example')).toBe('wss://fnbox.example/graphql');
  });
  it('backs off exponentially with a cap', () => {
    const none = () => 0;
    expect(retryDelay(0, none)).toBe(1000);
    expect(retryDelay(1, none)).toBe(2000);
    expect(retryDelay(3, none)).toBe(8000);
    expect(retryDelay(10, none)).toBe(15_000);
    expect(retryDelay(0, () => 0.999)).toBe(1499);
  });
});
