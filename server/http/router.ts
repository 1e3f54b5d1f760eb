import type { IncomingMessage, ServerResponse } from 'node:http';
import { badInput } from '../errors.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

export type RouteHandler = (ctx: RouteContext) => Promise<void> | void;

interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/** Minimal method + path router: `/functions/:id` patterns, exact segments, first match wins. */
export class Router {
  private readonly routes: Route[] = [];

  on(methods: string | string[], path: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    for (const method of Array.isArray(methods) ? methods : [methods]) {
      this.routes.push({ method, path, pattern: new RegExp(`^${source}$`), keys, handler });
    }
    return this;
  }

  /** What is registered, as written (`/functions/:id`): the API docs test checks it for drift. */
  list(): { method: string; path: string }[] {
    return this.routes.map(({ method, path }) => ({ method, path }));
  }

  /** The handler for a request, `'method'` when the path exists for other methods, or undefined. */
  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method && route.method !== '*') continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => (params[key] = decodeParam(found[i + 1]!)));
      return { handler: route.handler, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

/** `%E0%A4%A` is the client's mistake, not a server error (decodeURIComponent throws URIError). */
function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw badInput('Malformed percent-encoding in the URL');
  }
}
