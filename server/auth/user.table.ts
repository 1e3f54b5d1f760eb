import type { Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'ADMIN' | 'USER';

export interface UserTable {
  id: string;
  email: string;
  /** Sign-in name from the seed-compatible API; null for accounts made elsewhere. Unique regardless of case. */
  username: string | null;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
