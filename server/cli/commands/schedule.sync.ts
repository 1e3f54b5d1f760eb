import type { ApiClient } from '../api.client.js';
import type { ManifestSchedule } from '../manifest.file.js';

/**
 * Makes a function's schedules those of its manifest entry: a schedule equal in expression,
 * time zone, input and enabled is kept (its next run stays put), the others are deleted and
 * the missing ones created.
 */
export async function reconcileSchedules(api: ApiClient, functionId: string, current: (ManifestSchedule & { id: string })[], wanted: ManifestSchedule[]) {
  const key = (s: ManifestSchedule) => JSON.stringify([s.expression, s.timezone ?? 'UTC', s.input ?? null, s.enabled ?? true]);
  const toCreate = [...wanted];
  let kept = 0;
  let deleted = 0;
  for (const schedule of current) {
    const match = toCreate.findIndex((w) => key(w) === key(schedule));
    if (match >= 0) {
      toCreate.splice(match, 1);
      kept++;
    } else {
      await api.request('mutation($id: ID!) { deleteSchedule(id: $id) }', { id: schedule.id });
      deleted++;
    }
  }
  for (const schedule of toCreate) {
    await api.request('mutation($f: ID!, $i: ScheduleInput!) { createSchedule(functionId: $f, input: $i) { id } }', { f: functionId, i: schedule });
  }
  return { created: toCreate.length, deleted, kept };
}
