import { badInput } from '../errors.js';

/** Deeper events are refused: nothing legitimate nests this far, and the runtimes' parsers recurse. */
export const MAX_EVENT_DEPTH = 256;
/** JSON text of one event (the executor protocol bound). */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/**
 * The event as JSON text, or BAD_USER_INPUT. Depth is checked first, without recursion:
 * JSON.stringify of a 100,000-deep array would overflow the stack (an unexpected error, a 500).
 */
export function serializeEvent(event: unknown): string | null {
  if (event === undefined) return null;
  // Objects and arrays only, with their depths beside them: a route event holds dozens of
  // strings, and a [value, depth] pair for each was a visible share of this function's cost.
  const objects: object[] = [];
  const depths: number[] = [];
  if (event !== null && typeof event === 'object') objects.push(event), depths.push(1);
  while (objects.length > 0) {
    const value = objects.pop()!;
    const depth = depths.pop()!;
    if (depth > MAX_EVENT_DEPTH) throw badInput(`input must be nested at most ${MAX_EVENT_DEPTH} levels deep`);
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child !== null && typeof child === 'object') objects.push(child), depths.push(depth + 1);
    }
  }
  const text = JSON.stringify(event);
  if (text && text.length > MAX_EVENT_BYTES) throw badInput('input must be at most 6 MB of JSON');
  return text ?? null;
}
