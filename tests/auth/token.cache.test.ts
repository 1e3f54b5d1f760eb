import jwt from 'jsonwebtoken';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKeyService } from '../../server/auth/api-key.service.js';
import { AuthService } from '../../server/auth/auth.service.js';
import type { LoginThrottle } from '../../server/auth/login.throttle.js';
import type { UserRepository } from '../../server/auth/user.repository.js';
import type { UserRow } from '../../server/auth/user.table.js';

// Verified tokens are remembered (a client sends the same one on every call); these pin down
// that remembering never outlives the token or a user's access.

const SECRET = 'x'.repeat(64);
const user = { id: 'u1', email: 'u1@example.test', role: 'USER', disabled: 0 } as unknown as UserRow;

function service() {
  const users = { findById: vi.fn(async (id: string) => (id === user.id ? { ...user } : undefined)) };
  const apiKeys = { looksLikeKey: () => false } as unknown as ApiKeyService;
  const auth = new AuthService(users as unknown as UserRepository, apiKeys, {} as LoginThrottle, SECRET, '1h');
  return { auth, users };
}

afterEach(() => vi.useRealTimers());

describe('JWT verification cache', () => {
  it('accepts a token again without re-verifying, and still looks the user up every time', async () => {
    const { auth, users } = service();
    const token = auth.issueToken(user);
    const verify = vi.spyOn(jwt, 'verify');
    expect((await auth.authenticate(`Bearer ${token}`))?.id).toBe('u1');
    expect((await auth.authenticate(`Bearer ${token}`))?.id).toBe('u1');
    expect(verify).toHaveBeenCalledTimes(1);
    expect(users.findById).toHaveBeenCalledTimes(2);
    verify.mockRestore();
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    const { auth } = service();
    const token = auth.issueToken(user);
    expect((await auth.authenticate(`Bearer ${token}`))?.id).toBe('u1');
    vi.setSystemTime(new Date('2030-01-01T01:00:01Z'));
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('Token expired');
  });

  it('refuses a remembered token of a user disabled since', async () => {
    const { auth, users } = service();
    const token = auth.issueToken(user);
    await auth.authenticate(`Bearer ${token}`);
    users.findById.mockResolvedValueOnce({ ...user, disabled: 1 } as unknown as UserRow);
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow('Invalid credentials');
  });

  it('never remembers a forged token', async () => {
    const { auth } = service();
    const forged = jwt.sign({ role: 'ADMIN' }, 'another secret', { algorithm: 'HS256', subject: 'u1', expiresIn: '1h' });
    await expect(auth.authenticate(`Bearer ${forged}`)).rejects.toThrow('Invalid token');
    await expect(auth.authenticate(`Bearer ${forged}`)).rejects.toThrow('Invalid token');
  });

  it('keeps issuing tokens that verify with the plain secret', () => {
    const { auth } = service();
    expect((jwt.verify(auth.issueToken(user), SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload).sub).toBe('u1');
  });
});
