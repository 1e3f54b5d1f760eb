import { parseRoute } from './route.pattern.js';

export interface RouteMatch {
  id: string;
  /** The route as stored, e.g. "/users/{id}". */
  route: string;
  /** Values of `{name}` and `{name+}` segments, percent-decoded, case kept. */
  pathParameters: Record<string, string>;
  /** What is left of the path below the matched route ("/" when nothing), case kept. */
  rest: string;
}

interface Node {
  literals: Map<string, Node>;
  param?: { name: string; node: Node };
  greedy?: { name: string; id: string; route: string };
  target?: { id: string; route: string };
}

const newNode = (): Node => ({ literals: new Map() });

/**
 * Every route in a segment trie, so a lookup costs O(path segments) whatever the number of
 * functions. At each segment a literal beats a parameter, which beats a greedy parameter; the
 * deepest route wins over the one above it, which owns what is left as its sub-path.
 */
export class RouteMatcher {
  private readonly root = newNode();

  constructor(routes: { id: string; route: string }[]) {
    for (const { id, route } of routes) this.add(id, route);
  }

  private add(id: string, route: string) {
    let node = this.root;
    for (const segment of parseRoute(route)) {
      if (segment.kind === 'literal') {
        let next = node.literals.get(segment.value);
        if (!next) node.literals.set(segment.value, (next = newNode()));
        node = next;
      } else if (segment.kind === 'param') {
        node.param ??= { name: segment.name, node: newNode() };
        node = node.param.node;
      } else {
        node.greedy = { name: segment.name, id, route };
        return;
      }
    }
    node.target = { id, route };
  }

  /** `path` as requested below /fn (percent-encoded, any case), e.g. "/Users/42/posts". */
  match(path: string): RouteMatch | undefined {
    const segments = path.split('/').filter((s) => s !== '');
    return this.search(this.root, segments, 0, {});
  }

  private search(node: Node, segments: string[], index: number, params: Record<string, string>): RouteMatch | undefined {
    if (index < segments.length) {
      const segment = segments[index]!;
      const literal = node.literals.get(segment.toLowerCase());
      const viaLiteral = literal && this.search(literal, segments, index + 1, params);
      if (viaLiteral) return viaLiteral;
      if (node.param) {
        const viaParam = this.search(node.param.node, segments, index + 1, { ...params, [node.param.name]: decode(segment) });
        if (viaParam) return viaParam;
      }
      if (node.greedy) {
        const tail = segments.slice(index);
        const { id, route, name } = node.greedy;
        return { id, route, pathParameters: { ...params, [name]: tail.map(decode).join('/') }, rest: `/${tail.join('/')}` };
      }
    }
    if (node.target) {
      const rest = segments.slice(index);
      return { ...node.target, pathParameters: params, rest: rest.length ? `/${rest.join('/')}` : '/' };
    }
    return undefined;
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
