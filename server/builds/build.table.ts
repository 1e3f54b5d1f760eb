import type { Selectable } from 'kysely';

export const BUILD_STATUSES = ['QUEUED', 'BUILDING', 'SUCCEEDED', 'FAILED'] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** One dependency build of one function version (migration 2026-11-30T0200-builds). */
export interface BuildTable {
  id: string;
  function_id: string;
  version: number;
  owner_id: string;
  status: BuildStatus;
  /** What the installer printed (its tail, capped), and why a build failed. */
  log: string;
  /** Content address of the dependency set (builds/dependency.set.ts); null until it SUCCEEDED. */
  set_digest: string | null;
  /** What the set holds (builds/dependency.content.ts): what a copy fetched from another node must match. */
  content_digest: string | null;
  /** The node running it (its builder identity) and until when its claim holds. */
  claimed_by: string | null;
  lease_until: number | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export type BuildRow = Selectable<BuildTable>;
