import { sql, type Kysely } from 'kysely';
import { migrationNotice } from '../migration.notices.js';

/**
 * Function names become unique per owner regardless of case, with Lambda's characters
 * (A-Z a-z 0-9 - _, 1-64), so that a name (or an ARN) names one function: the CLI and the
 * Lambda API look functions up by name. Names that break the rule are renamed first,
 * deterministically: invalid characters become "-", and for each owner the oldest function
 * keeps a name and later ones get "-2", "-3", ... Each rename is logged. The versions keep
 * the names they had (history).
 */
export const NAME_RULE = /^[A-Za-z0-9_-]{1,64}$/;
const MAX = 64;

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom('functions')
    .select(['id', 'owner_id', 'name'])
    .orderBy('owner_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const taken = new Map<string, Set<string>>();
  for (const row of rows as { id: string; owner_id: string; name: string }[]) {
    const owned = taken.get(row.owner_id) ?? taken.set(row.owner_id, new Set()).get(row.owner_id)!;
    const name = uniqueName(validName(row.name), owned);
    owned.add(name.toLowerCase());
    if (name === row.name) continue;
    await db.updateTable('functions').set({ name }).where('id', '=', row.id).execute();
    migrationNotice('function renamed: names are unique per owner, with letters, digits, - and _ (1-64)', {
      functionId: row.id,
      ownerId: row.owner_id,
      from: row.name,
      to: name,
    });
  }
  await db.schema.createIndex('functions_owner_name_lower').on('functions').unique().expression(sql`owner_id, lower(name)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('functions_owner_name_lower').ifExists().execute();
}

/** "My function!" -> "My-function-"; nothing left -> "function". */
function validName(name: string): string {
  const cleaned = name.trim().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, MAX);
  return cleaned || 'function';
}

/** `name`, or `name-2`, `name-3`, ... (cut to fit 64) when the owner has it already. */
function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = name.slice(0, MAX - suffix.length) + suffix;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
