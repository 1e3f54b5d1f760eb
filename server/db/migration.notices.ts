/**
 * What a migration tells the operator it changed in their data (a function renamed, say):
 * Kysely hands a migration only the database, so the notices go through here, to the
 * server's logger while `migrateToLatest` runs, to the console otherwise.
 */
export type MigrationNotice = (message: string, details: Record<string, unknown>) => void;

const toConsole: MigrationNotice = (message, details) => console.warn(message, details);
let current: MigrationNotice = toConsole;

export function migrationNotice(message: string, details: Record<string, unknown>): void {
  current(message, details);
}

/** Sends the notices of migrations run inside `run` to `notice`. */
export async function withMigrationNotices<T>(notice: MigrationNotice | undefined, run: () => Promise<T>): Promise<T> {
  if (!notice) return run();
  current = notice;
  try {
    return await run();
  } finally {
    current = toConsole;
  }
}
