import type { Db } from '../db/database.js';
import { dialectOf, serialize } from '../db/dialect.js';
import type { NewUserRow, Role, UserRow } from './user.table.js';

/** Rows kept for the per-request lookup; users are few and small. */
const CACHED_USERS = 10_000;

export class UserRepository {
  /**
   * Every authenticated request looks its user up (a disabled user is refused at once).
   * On SQLite this process is the only writer of its database and every write below
   * refreshes the entry, so the cache is exact, and the lookup costs no query. On PostgreSQL
   * other nodes write too (an admin disables a user there): rows are cached only when their
   * changes reach this node (`changesReachHere`: a cluster's Redis bus carries every role
   * change and disabling as an access change, which makes `forget` run here, as it does for
   * remembered API keys); otherwise nothing is cached.
   */
  private readonly byId = new Map<string, UserRow>();
  private readonly cached: boolean;
  /** Bumped on every forget, so a lookup that raced a change does not remember what it read before it. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    changesReachHere = false,
  ) {
    this.cached = dialectOf(db) === 'sqlite' || changesReachHere;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const generation = this.generation;
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (row && generation === this.generation) this.remember(row);
    return row;
  }

  private remember(row: UserRow): UserRow {
    if (!this.cached) return row;
    if (this.byId.size >= CACHED_USERS) this.byId.delete(this.byId.keys().next().value!);
    this.byId.set(row.id, row);
    return row;
  }

  /** Drops a cached row, e.g. when another node changed it; the next lookup reads it again. */
  forget(id: string): void {
    this.generation++;
    this.byId.delete(id);
  }

  /** Drops every cached row: changes may have been missed (the bus was away). */
  forgetAll(): void {
    this.generation++;
    this.byId.clear();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** Case-insensitive, as the unique index on lower(username) is (which this query uses). */
  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .executeTakeFirst();
  }

  /** Inserts a user; the first user ever becomes ADMIN, decided inside one transaction. */
  async insertWithFirstAdmin(row: Omit<NewUserRow, 'role'>): Promise<UserRow> {
    return this.db.transaction().execute(async (trx) => {
      await serialize(trx, 'users:first-admin');
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

  async update(id: string, changes: { role?: Role; disabled?: number }): Promise<UserRow | undefined> {
    this.byId.delete(id);
    const row = await this.db
      .updateTable('users')
      .set({ ...changes, updated_at: Date.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && this.remember(row);
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
