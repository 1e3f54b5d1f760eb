import type { Db } from '../db/database.js';
import type { NewUserRow, Role, UserRow } from './user.table.js';

export class UserRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** Inserts a user; the first user ever becomes ADMIN, decided inside one transaction. */
  async insertWithFirstAdmin(row: Omit<NewUserRow, 'role'>): Promise<UserRow> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
      const role: Role = existing ? 'USER' : 'ADMIN';
      return trx.insertInto('users').values({ ...row, role }).returningAll().executeTakeFirstOrThrow();
    });
  }

  list(first: number, afterEmail?: string): Promise<UserRow[]> {
    let query = this.db.selectFrom('users').selectAll().orderBy('email').limit(first);
    if (afterEmail) query = query.where('email', '>', afterEmail);
    return query.execute();
  }

  update(id: string, changes: { role?: Role; disabled?: number }): Promise<UserRow | undefined> {
    return this.db
      .updateTable('users')
      .set({ ...changes, updated_at: Date.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  countAdmins(): Promise<number> {
    return this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'ADMIN')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }
}
