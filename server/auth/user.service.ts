import { badInput, conflict, notFound } from '../errors.js';
import type { AccessChanges } from './access.changes.js';
import type { Role, UserRow } from './user.table.js';
import type { UserRepository } from './user.repository.js';
import type { Viewer } from './viewer.js';

/** Administration of accounts; callers are ADMIN (declared on the GraphQL fields). */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly access?: AccessChanges,
  ) {}

  async get(id: string): Promise<UserRow> {
    const user = await this.users.findById(id);
    if (!user) throw notFound('User');
    return user;
  }

  list(first = 100, after?: string): Promise<UserRow[]> {
    return this.users.list(Math.min(Math.max(first, 1), 500), after);
  }

  async setRole(viewer: Viewer, id: string, role: Role): Promise<UserRow> {
    if (role !== 'ADMIN' && role !== 'USER') throw badInput('role must be ADMIN or USER');
    const user = await this.get(id);
    if (user.role === 'ADMIN' && role === 'USER') await this.keepOneAdmin(viewer, id);
    return this.changed(await this.users.update(id, { role }));
  }

  async setDisabled(viewer: Viewer, id: string, disabled: boolean): Promise<UserRow> {
    const user = await this.get(id);
    if (disabled && user.role === 'ADMIN') await this.keepOneAdmin(viewer, id);
    return this.changed(await this.users.update(id, { disabled: disabled ? 1 : 0 }));
  }

  /** Live subscriptions are authorised against the new state before the mutation returns. */
  private changed(user: UserRow | undefined): UserRow {
    if (!user) throw notFound('User');
    this.access?.publish({ userId: user.id, role: user.role, disabled: user.disabled === 1 });
    return user;
  }

  /** The platform must always keep an enabled administrator. */
  private async keepOneAdmin(_viewer: Viewer, _id: string) {
    if ((await this.users.countAdmins()) <= 1) throw conflict('The last administrator cannot be demoted or disabled');
  }
}
