import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MachineInfo } from '../lib/machine.js';
import { ratio, type LatencySummary } from '../lib/stats.js';
import type { LoadSummary, WarmSummary } from './measure.js';
import { CLIENT, COUNTS, log, ROOT, SERVER, SMOKE } from './settings.js';

/**
 * The table of `npm run bench`: rows in the order the sections add them (grouped by section
 * as each first appears), then the targets, met or not.
 */
export interface Row {
  section: string;
  name: string;
  value: number;
  unit: 'ms' | 'req/s' | 'MB' | '/s';
  floor?: string;
  floorValue?: number;
  ratio?: number;
  note?: string;
}
export interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

export const rows: Row[] = [];
export const targets: Target[] = [];
export const LOAD = { start: +os.loadavg()[0]!.toFixed(2), end: NaN };

export function addRow(row: Omit<Row, 'ratio'>) {
  rows.push({ ...row, ratio: row.floorValue !== undefined ? ratio(row.value, row.floorValue) : undefined });
}

export function latencyRows(section: string, name: string, s: LatencySummary, floor?: { name: string; s: LatencySummary }, note?: string) {
  addRow({ section, name: `${name} p50`, value: s.p50, unit: 'ms', floor: floor && `${floor.name} p50`, floorValue: floor?.s.p50, note: note ?? `n=${s.n}` });
  addRow({ section, name: `${name} p99`, value: s.p99, unit: 'ms', floor: floor && `${floor.name} p99`, floorValue: floor?.s.p99, note: note ?? `n=${s.n}` });
}

/** n, server CPU per call and, against a reference measured alongside, the difference of the medians. */
export function warmNote(s: WarmSummary, reference?: WarmSummary): string {
  const cpu = (x: WarmSummary) => (x.cpuUsPerCall === undefined ? 'n/a' : `${x.cpuUsPerCall.toFixed(0)} µs`);
  const parts = [`n=${s.n}`, `server CPU ${cpu(s)}/call`];
  if (reference) parts.push(`p50 ${s.p50 >= reference.p50 ? '+' : ''}${(s.p50 - reference.p50).toFixed(2)} ms and CPU ${cpu(s)} vs ${cpu(reference)} per call against it`);
  return parts.join('; ');
}

export const cpuNote = (res: LoadSummary) => (res.cpuUsPerReq === undefined ? 'n/a' : `${res.cpuUsPerReq.toFixed(0)} µs/req`);

function fmtValue(value: number, unit: Row['unit']): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'req/s') return `${value.toFixed(0)} req/s`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === '/s') return `${value.toFixed(1)} /s`;
  return `${value.toFixed(2)} ms`;
}

export function renderMarkdown(machine: MachineInfo, started: number): string {
  const lines: string[] = [];
  lines.push(`Run ${new Date(started).toISOString()}${SMOKE ? ' (SMOKE: tiny counts, not meaningful)' : ''}`);
  lines.push('');
  lines.push(`Machine: ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.ramGb} GB RAM, ${machine.kernel}, Docker ${machine.docker}, cgroup ${machine.cgroup}, Node ${machine.node}.`);
  // The end figure counts the bench's own servers, containers and clients; only the start
  // one tells whether other work shared the machine.
  const busy = LOAD.start > machine.nproc ? ' (other work was running: figures are noisy; ratios less so, as both sides run in alternating rounds)' : ' (the end figure includes the bench\'s own load)';
  lines.push(`Load average (1 min) at start / end: ${LOAD.start} / ${LOAD.end}${busy}.`);
  lines.push('');
  lines.push(`Client: ${CLIENT}. Server config: stemCellsPerRuntime=${SERVER.stemCellsPerRuntime}, maxContainers=${SERVER.maxContainers}, perFunctionConcurrency=${SERVER.perFunctionConcurrency}, perFunctionQueue=${SERVER.perFunctionQueue}, LOG_LEVEL=warn; function: the README Python example (128 MB).`);
  lines.push(`Counts: ${COUNTS.warmRounds} rounds x ${COUNTS.warmPerRound} sequential calls after ${COUNTS.warmWarmup} warm-up calls; ${COUNTS.coldRounds} cold rounds; throughput ${COUNTS.loadRounds} rounds x ${COUNTS.loadMs / 1000} s after ${COUNTS.loadWarmupMs / 1000} s warm-up.`);
  lines.push('');
  lines.push('| Section | Figure | Value | Floor | Ratio | Notes |');
  lines.push('|---|---|---:|---|---:|---|');
  const sections = [...new Set(rows.map((r) => r.section))];
  const ordered = [...rows].sort((a, b) => sections.indexOf(a.section) - sections.indexOf(b.section));
  for (const row of ordered) {
    const r = row.ratio !== undefined && Number.isFinite(row.ratio) ? `${row.ratio < 0.1 ? row.ratio.toFixed(3) : row.ratio.toFixed(2)}x` : '';
    const floorText = row.floor ? `${row.floor}${row.floorValue !== undefined ? ` (${fmtValue(row.floorValue, row.unit)})` : ''}` : '';
    lines.push(`| ${row.section} | ${row.name} | ${fmtValue(row.value, row.unit)} | ${floorText} | ${r} | ${row.note ?? ''} |`);
  }
  lines.push('');
  lines.push('| Target | Goal | Actual | Met |');
  lines.push('|---|---|---|---|');
  for (const t of targets) lines.push(`| ${t.name} | ${t.goal} | ${t.actual} | ${t.met ? 'met' : '**not met**'} |`);
  return lines.join('\n');
}

export function updateDoc(md: string) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error('BENCHMARKS.md has no bench:start/bench:end markers');
  fs.writeFileSync(file, `${text.slice(0, a + start.length)}\n${md}\n${text.slice(b)}`);
  log('updated BENCHMARKS.md');
}
