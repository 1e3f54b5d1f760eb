import { badInput } from '../errors.js';

/**
 * Route patterns: literal segments (case-insensitive, stored lower-case), `{name}` (one
 * segment) and a final greedy `{name+}` (one segment or more), as API Gateway spells them.
 * A route also owns its subtree: `/stats` answers `/stats/anything/below`.
 */
export type RouteSegment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

export const ROUTE_MAX = 128;
const LITERAL = /^[a-z0-9\-_]+$/;
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$/;

/** "Stats/" -> "/stats", "/Users/{userId}" -> "/users/{userId}"; null or "" means no route. */
export function validateRoute(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw badInput('route must be a string');
  let route = value.trim();
  if (!route.startsWith('/')) route = `/${route}`;
  if (route.length > 1 && route.endsWith('/')) route = route.slice(0, -1);
  if (route === '/') throw badInput('route must name a path, e.g. "/stats"');
  if (route.length > ROUTE_MAX) throw badInput(`route must be at most ${ROUTE_MAX} characters`);
  if (route.includes('//')) throw badInput('route must not contain "//"');
  const segments = route.slice(1).split('/').map((segment, index, all) => {
    const param = PARAM.exec(segment);
    if (param) {
      if (param[2] && index !== all.length - 1) throw badInput(`greedy parameter {${param[1]}+} must be the last segment`);
      return segment;
    }
    const literal = segment.toLowerCase();
    if (!LITERAL.test(literal)) {
      throw badInput('route segments may contain only letters, digits, "-" and "_", or be a parameter like {id} or {proxy+}');
    }
    return literal;
  });
  const names = segments.map((s) => PARAM.exec(s)?.[1]).filter(Boolean);
  if (new Set(names).size !== names.length) throw badInput('route parameter names must be unique');
  return `/${segments.join('/')}`;
}

/** The segments of a stored (normalised) route. */
export function parseRoute(route: string): RouteSegment[] {
  return route
    .slice(1)
    .split('/')
    .map((segment) => {
      const param = PARAM.exec(segment);
      if (!param) return { kind: 'literal', value: segment };
      return param[2] ? { kind: 'greedy', name: param[1]! } : { kind: 'param', name: param[1]! };
    });
}

/** Two routes that answer the same paths whatever their parameter names ("/u/{id}" and "/u/{uid}"). */
export function sameShape(a: string, b: string): boolean {
  const x = parseRoute(a);
  const y = parseRoute(b);
  return x.length === y.length && x.every((s, i) => s.kind === y[i]!.kind && (s.kind !== 'literal' || s.value === (y[i] as { value: string }).value));
}

/**
 * True when some request path could reach both routes: one lies under, above or across the
 * other. A route owns its subtree, so only the shorter length has to be compatible; a
 * parameter matches any segment and a greedy one anything from there on.
 */
export function overlaps(a: string, b: string): boolean {
  const x = parseRoute(a);
  const y = parseRoute(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const s = x[i]!;
    const t = y[i]!;
    if (s.kind === 'greedy' || t.kind === 'greedy') return true;
    if (s.kind === 'literal' && t.kind === 'literal' && s.value !== t.value) return false;
  }
  return true;
}
