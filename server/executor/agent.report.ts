/**
 * What an agent reports about an invocation, as values the platform can store and add up.
 * The agent shares its process with the function (Node) or lets it read the channel's marker
 * (Python): any frame may be forged by the function, so every number is a claim, bounded
 * here where frames become results. A function can only ever forge its own invocation's
 * report (a container serves one function, and only the invocation running in it is
 * answered), and within these bounds it can only lie about itself.
 */
import os from 'node:os';

/** Longest error message kept: a stack trace fits many times over; a forged essay does not. */
export const MAX_ERROR_CHARS = 64 * 1024;
/** Output pipes an agent fences (stdout and stderr): more fences than this are never needed. */
export const MAX_FENCES = 2;
/** CPU time cannot outrun every core of the host for the whole call. */
const HOST_CPUS = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);

/** A finite number clamped into [min, max]; undefined for anything else (absent, text, NaN, Infinity). */
export function boundedNumber(value: unknown, min: number, max: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return value < min ? min : value > max ? max : value;
}

export interface ReportedUsage {
  initMs?: number;
  cpuMs?: number;
  memoryPeakMb?: number;
}

/**
 * The usage a result frame claims, within what is physically possible for this call: the
 * memory peak within the container's limit, CPU within the call's duration (measured by the
 * server) on every core, and load time (cold starts only, loaded within the call) within it.
 */
export function reportedUsage(frame: Record<string, unknown>, limits: { memoryMb: number; durationMs: number; coldStart: boolean }): ReportedUsage {
  const usage: ReportedUsage = {};
  const memoryPeakMb = boundedNumber(frame.memoryPeakMb, 0, limits.memoryMb);
  if (memoryPeakMb !== undefined) usage.memoryPeakMb = memoryPeakMb;
  const cpuMs = boundedNumber(frame.cpuMs, 0, limits.durationMs * HOST_CPUS);
  if (cpuMs !== undefined) usage.cpuMs = cpuMs;
  const initMs = limits.coldStart ? boundedNumber(frame.initMs, 0, limits.durationMs) : undefined;
  if (initMs !== undefined) usage.initMs = initMs;
  return usage;
}

/** A reported error message as bounded text. */
export function reportedError(value: unknown, fallback: string): string {
  const text = value === undefined || value === null ? fallback : String(value);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}\n[fnbox: error message truncated]` : text;
}

/** An exit code the agent reports: an integer, or nothing. */
export function reportedExitCode(value: unknown): number | undefined {
  return Number.isSafeInteger(value) ? (value as number) : undefined;
}
