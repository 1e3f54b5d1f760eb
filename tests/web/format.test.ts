import { describe, expect, it } from 'vitest';
import {
  curlCommand,
  routeUrl,
  envToRows,
  errorRate,
  formatCount,
  formatDuration,
  formatMb,
  formatPercent,
  formatRate,
  normalizeRoute,
  parseJsonInput,
  prettyJson,
  relativeTime,
  routeFromName,
  rowsToEnv,
  runtimeLabel,
  statusLabel,
  statusTone,
} from '../../web/src/lib/format.js';
import { JAVASCRIPT_EXAMPLE, PYTHON_EXAMPLE, TEMPLATES } from '../../web/src/lib/templates.js';
import { README_JAVASCRIPT, README_PYTHON } from '../support/test-server.js';

describe('formatDuration', () => {
  it('scales from sub-millisecond to minutes', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(0.456)).toBe('0.46 ms');
    expect(formatDuration(3.14)).toBe('3.1 ms');
    expect(formatDuration(14.2)).toBe('14 ms');
    expect(formatDuration(999)).toBe('999 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(2000)).toBe('2 s');
    expect(formatDuration(30_000)).toBe('30 s');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(90_000)).toBe('1 min 30 s');
    expect(formatDuration(120_000)).toBe('2 min');
  });
});

describe('numbers', () => {
  it('formats counts compactly', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1k');
    expect(formatCount(1234)).toBe('1.2k');
    expect(formatCount(56_789)).toBe('57k');
    expect(formatCount(2_500_000)).toBe('2.5M');
    expect(formatCount(null)).toBe('—');
  });

  it('formats ratios as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.005)).toBe('0.5%');
    expect(formatPercent(0.05)).toBe('5%');
    expect(formatPercent(0.123)).toBe('12%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats rates per second, or per minute when slow', () => {
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.05)).toBe('3/min');
    expect(formatRate(1.25)).toBe('1.3/s');
    expect(formatRate(2)).toBe('2/s');
    expect(formatRate(150.4)).toBe('150/s');
  });

  it('formats memory', () => {
    expect(formatMb(11.46)).toBe('11 MB');
    expect(formatMb(2.5)).toBe('2.5 MB');
    expect(formatMb(2048)).toBe('2 GB');
    expect(formatMb(null)).toBe('—');
  });

  it('computes an error rate only when something ran', () => {
    expect(errorRate(0, 0)).toBeNull();
    expect(errorRate(1, 4)).toBe(0.25);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('reads like a person would say it', () => {
    expect(relativeTime('2026-11-27T11:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-11-27T11:59:30Z', now)).toBe('30 s ago');
    expect(relativeTime('2026-11-27T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-11-27T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-11-20T09:00:00Z', now)).toBe('2026-11-20');
    expect(relativeTime(null, now)).toBe('—');
    expect(relativeTime('not a date', now)).toBe('—');
  });
});

describe('JSON input', () => {
  it('treats an empty box as no input', () => {
    expect(parseJsonInput('  ')).toEqual({ ok: true, value: null });
  });
  it('parses JSON values', () => {
    expect(parseJsonInput('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonInput('42')).toEqual({ ok: true, value: 42 });
  });
  it('explains invalid JSON', () => {
    const parsed = parseJsonInput('{a: 1}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(/^Input is not valid JSON/);
  });
  it('pretty-prints results', () => {
    expect(prettyJson({ sum: 15, average: 3 })).toBe('{\n  "sum": 15,\n  "average": 3\n}');
    expect(prettyJson(undefined)).toBe('null');
    expect(prettyJson(null)).toBe('null');
  });
});

describe('environment rows', () => {
  it('turns env JSON into sorted rows and back', () => {
    const rows = envToRows({ B: '2', A: 1 });
    expect(rows).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: '2' },
    ]);
    expect(rowsToEnv(rows)).toEqual({ ok: true, env: { A: '1', B: '2' } });
  });
  it('ignores non-objects and blank rows', () => {
    expect(envToRows(null)).toEqual([]);
    expect(envToRows(['x'])).toEqual([]);
    expect(rowsToEnv([{ key: '', value: '' }, { key: ' API_URL ', value: 'http://x' }])).toEqual({ ok: true, env: { API_URL: 'http://x' } });
  });
  it('rejects bad, missing and repeated names', () => {
    expect(rowsToEnv([{ key: '', value: 'v' }])).toMatchObject({ ok: false });
    expect(rowsToEnv([{ key: '1ABC', value: 'v' }])).toMatchObject({ ok: false });
    expect(rowsToEnv([{ key: 'A-B', value: 'v' }])).toMatchObject({ ok: false });
    expect(rowsToEnv([{ key: 'A', value: '1' }, { key: 'A', value: '2' }])).toEqual({ ok: false, error: '"A" is set twice.' });
  });
});

describe('routes and curl', () => {
  it('normalizes routes', () => {
    expect(normalizeRoute('')).toBeNull();
    expect(normalizeRoute('  ')).toBeNull();
    expect(normalizeRoute('stats')).toBe('/stats');
    expect(normalizeRoute(' /stats/ ')).toBe('/stats');
    expect(normalizeRoute('/a/b')).toBe('/a/b');
  });
  it('suggests a route from a name', () => {
    expect(routeFromName('Sum numbers!')).toBe('/sum-numbers');
    expect(routeFromName('  ')).toBe('');
  });
  it('builds curl commands with the token from the environment', () => {
    expect(curlCommand({ origin: 'http://host:8080/', route: '/stats' })).toBe(
      'curl -H "Authorization: Bearer $FNBOX_TOKEN" http://host:8080/fn/stats',
    );
    expect(curlCommand({ origin: 'http://host', route: 'stats', method: 'POST', body: `{"name": "it's"}` })).toBe(
      `curl -H "Authorization: Bearer $FNBOX_TOKEN" -H "Content-Type: application/json" -d '{"name": "it'\\''s"}' http://host/fn/stats`,
    );
  });
  it('gives a PUBLIC route its URL and a curl command without a credential', () => {
    expect(routeUrl('http://host:8080/', 'hooks/github')).toBe('http://host:8080/fn/hooks/github');
    expect(curlCommand({ origin: 'http://host', route: '/hook', anonymous: true })).toBe('curl http://host/fn/hook');
  });
});

describe('labels', () => {
  it('maps statuses to tones and labels', () => {
    expect(statusTone('SUCCESS')).toBe('ok');
    expect(statusTone('ERROR')).toBe('bad');
    expect(statusTone('OOM')).toBe('bad');
    expect(statusTone('TIMEOUT')).toBe('warn');
    expect(statusTone('RUNNING')).toBe('busy');
    expect(statusLabel('OOM')).toBe('Out of memory');
    expect(statusLabel('TIMEOUT')).toBe('Timeout');
    expect(runtimeLabel('NODE')).toBe('JavaScript');
    expect(runtimeLabel('PYTHON')).toBe('Python');
  });
});

describe('templates', () => {
  // The templates are the README examples taught to read their input (issue 18): without one
  // they compute the README's numbers and result; the browser tests invoke them for real.
  it('start from the README examples and use their input', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['python-example', 'javascript-example', 'webhook', 'scheduled-job', 'with-dependency']);
    expect(README_PYTHON).toContain('numbers = [1, 2, 3, 4, 5]');
    expect(PYTHON_EXAMPLE).toContain('[1, 2, 3, 4, 5]');
    expect(PYTHON_EXAMPLE).toContain('return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}');
    expect(README_JAVASCRIPT).toContain('[1, 2, 3, 4, 5]');
    const handler = new Function(`${JAVASCRIPT_EXAMPLE.replace('export function', 'function')}\nreturn handler;`)() as (event: unknown) => unknown;
    expect(handler({})).toEqual({ sum: 15, average: 3 });
    expect(handler({ numbers: [10, 20] })).toEqual({ sum: 30, average: 15 });
    expect(handler({ body: { numbers: [10, 20] } })).toEqual({ sum: 30, average: 15 });
  });

  it('a webhook is a PUBLIC route reading its secret; a scheduled job has no route', () => {
    expect(TEMPLATES.find((t) => t.id === 'webhook')).toMatchObject({ access: 'PUBLIC', secrets: ['WEBHOOK_SECRET'] });
    expect(TEMPLATES.find((t) => t.id === 'scheduled-job')).toMatchObject({ withoutRoute: true });
  });
});
