import type { Selectable } from 'kysely';

/** An ADMIN's per-user quotas; a null column means the platform default (server/config.ts). */
export interface UserQuotaTable {
  user_id: string;
  max_functions: number | null;
  max_concurrency: number | null;
  max_queued_bytes: number | null;
  max_provisioned: number | null;
  updated_at: number;
}

export type UserQuotaRow = Selectable<UserQuotaTable>;
