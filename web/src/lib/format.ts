/** Pure formatting and form helpers shared by the pages (unit tested in tests/web/format.test.ts). */

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) < 1000) return String(Math.round(n * 100) / 100);
  if (Math.abs(n) < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** A ratio in [0, 1] as a percentage: 0 %, 0.5 %, 12 %, 100 %. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio * 100;
  if (pct === 0) return '0%';
  if (pct < 0.1) return '<0.1%';
  if (pct < 10) return `${pct.toFixed(1).replace(/\.0$/, '')}%`;
  return `${Math.round(pct)}%`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1).replace(/\.0$/, '')}/min`;
  return `${perSecond < 10 ? perSecond.toFixed(1).replace(/\.0$/, '') : Math.round(perSecond)}/s`;
}

export function formatMb(mb: number | null | undefined): string {
  if (mb === null || mb === undefined || !Number.isFinite(mb)) return '—';
  if (mb >= 1024) return `${(mb / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb)} MB`;
}

/** "just now", "12 s ago", "5 min ago", "3 h ago", then a date. */
export function relativeTime(iso: string | number | Date | null | undefined, now: number = Date.now()): string {
  if (iso === null || iso === undefined) return '—';
  const then = new Date(iso).getTime();
  if (!Number.isFinite(then)) return '—';
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return '—';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** JSON for display: pretty, and `undefined`/null shown as `null`. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value, null, 2) ?? 'null';
  } catch {
    return String(value);
  }
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses the invoke panel's input; an empty box means no input (null). */
export function parseJsonInput(text: string): ParsedJson {
  if (!text.trim()) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `Input is not valid JSON: ${(error as Error).message}` };
  }
}

export interface EnvRow {
  key: string;
  value: string;
}

/** The `env` JSON of a function as editable rows, sorted by key. */
export function envToRows(env: unknown): EnvRow[] {
  if (!env || typeof env !== 'object' || Array.isArray(env)) return [];
  return Object.entries(env as Record<string, unknown>)
    .map(([key, value]) => ({ key, value: value === null || value === undefined ? '' : String(value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; error: string };

/** Rows back to a string map: blank rows are skipped; bad or repeated names are errors. */
export function rowsToEnv(rows: EnvRow[]): EnvResult {
  const env: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (!key) return { ok: false, error: 'Every environment variable needs a name.' };
    if (!ENV_KEY_PATTERN.test(key)) return { ok: false, error: `"${key}" is not a valid variable name (letters, digits and _; not starting with a digit).` };
    if (key in env) return { ok: false, error: `"${key}" is set twice.` };
    env[key] = row.value;
  }
  return { ok: true, env };
}

/** "stats" / "/stats/" / " /stats " -> "/stats"; empty -> null (no route). */
export function normalizeRoute(input: string): string | null {
  const trimmed = input.trim().replace(/\/+$/, '');
  if (!trimmed) return null;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Suggests a route from a function name: "Sum numbers!" -> "/sum-numbers". */
export function routeFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug ? `/${slug}` : '';
}

/** The full URL of a route: "http://host:8080" + "/stats" -> "http://host:8080/fn/stats". */
export function routeUrl(origin: string, route: string): string {
  const path = route.startsWith('/') ? route : `/${route}`;
  return `${origin.replace(/\/+$/, '')}/fn${path}`;
}

export interface CurlOptions {
  origin: string;
  route: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** A PUBLIC route needs no credential. */
  anonymous?: boolean;
}

/** A copyable curl command for a function's HTTP route; the token comes from $FNBOX_TOKEN. */
export function curlCommand({ origin, route, method = 'GET', body, anonymous = false }: CurlOptions): string {
  const url = routeUrl(origin, route);
  const parts = anonymous ? ['curl'] : ['curl', '-H "Authorization: Bearer $FNBOX_TOKEN"'];
  if (method === 'POST') {
    parts.push('-H "Content-Type: application/json"');
    parts.push(`-d '${(body ?? '{}').replace(/'/g, "'\\''")}'`);
  }
  parts.push(url);
  return parts.join(' ');
}

export type Tone = 'ok' | 'bad' | 'warn' | 'busy' | 'muted';

export function statusTone(status: string): Tone {
  switch (status) {
    case 'SUCCESS':
    case 'SUCCEEDED':
      return 'ok';
    case 'ERROR':
    case 'OOM':
    case 'FAILED':
      return 'bad';
    case 'TIMEOUT':
      return 'warn';
    case 'RUNNING':
    case 'QUEUED':
    case 'BUILDING':
      return 'busy';
    default:
      return 'muted';
  }
}

export function statusLabel(status: string): string {
  return status === 'OOM' ? 'Out of memory' : status.charAt(0) + status.slice(1).toLowerCase();
}

export function runtimeLabel(runtime: string): string {
  return runtime === 'PYTHON' ? 'Python' : runtime === 'NODE' ? 'JavaScript' : runtime;
}

export function triggerLabel(trigger: string): string {
  switch (trigger) {
    case 'HTTP':
      return 'HTTP route';
    case 'API':
      return 'REST API';
    case 'GRAPHQL_ASYNC':
      return 'GraphQL (async)';
    case 'GRAPHQL':
      return 'GraphQL';
    case 'SCHEDULE':
      return 'Schedule';
    case 'RETRY':
      return 'Retry';
    case 'FUNCTION':
      return 'Another function (context.invoke)';
    case 'DESTINATION':
      return 'Destination';
    default:
      return trigger;
  }
}

/** Errors / invocations, or null when there were none. */
export function errorRate(errors: number | null | undefined, invocations: number | null | undefined): number | null {
  if (!invocations) return null;
  return (errors ?? 0) / invocations;
}
