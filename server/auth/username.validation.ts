import { badInput } from '../errors.js';

export const USERNAME_MAX = 64;

/**
 * Letters, digits, ".", "_" and "-", starting with a letter or digit. Never "@": a sign-in
 * name with "@" is an email, so a username can never be mistaken for another account's email.
 */
const USERNAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${USERNAME_MAX - 1}}$`);

/** The username as given (trimmed); uniqueness and sign-in ignore case. */
export function validateUsername(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput('username is required');
  const username = value.trim();
  if (username.length > USERNAME_MAX) throw badInput(`username must be at most ${USERNAME_MAX} characters`);
  if (!USERNAME.test(username)) throw badInput('username may contain only letters, digits, ".", "_" and "-", and must start with a letter or digit');
  return username;
}
