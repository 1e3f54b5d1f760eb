import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from '../../server/http/router.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
/** The server's own Router, captured through the extra-routes hook (registered last). */
let router: Router;

beforeAll(async () => {
  server = await startTestServer({}, { routes: [(r) => void (router = r)] });
});
afterAll(() => server?.close());

const DOCUMENTED: Record<string, string[]> = {
  '/healthz': ['get'],
  '/metrics': ['get'],
  '/api/v1/auth/register': ['post'],
  '/api/v1/auth/token': ['post'],
  '/api/v1/functions/': ['get', 'post'],
  '/api/v1/functions/{id}': ['get', 'put', 'delete'],
  '/api/v1/execute/{id}': ['post'],
  '/api/v1/metrics/{id}': ['get'],
  '/api/v1/metrics/function/{id}': ['get'],
  '/api/v1/metrics/stats/function/{id}': ['get'],
  '/fn/{route}': ['get', 'post', 'put', 'patch', 'delete'],
};

async function openApi() {
  const res = await server.http('GET', '/docs/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.body;
}

describe('/docs', () => {
  it('answers a self-contained landing page linking every reference', async () => {
    const res = await server.http('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const href of ['/graphql', '/docs/rest', '/docs/openapi.json', '/docs/schema.graphql']) expect(res.text).toContain(`href="${href}"`);
    expect(res.text).toContain('connectionParams');
    expect(res.text).toContain(`${server.url}/api/v1/auth/token`);
    // No external asset: nothing loaded from another origin.
    expect(res.text).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    expect((await server.http('GET', '/docs/')).status).toBe(200);
  });

  it('serves the GraphQL SDL', async () => {
    const res = await server.http('GET', '/docs/schema.graphql');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toMatch(/type Query \{/);
    expect(res.text).toMatch(/type Subscription \{/);
  });

  it('serves an OpenAPI 3.1 document with every endpoint and resolvable references', async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'fnbox', version: expect.any(String) });
    for (const [path, methods] of Object.entries(DOCUMENTED)) {
      expect(doc.paths[path], path).toBeDefined();
      for (const method of methods) expect(doc.paths[path][method], `${method} ${path}`).toMatchObject({ responses: expect.any(Object) });
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.ErrorCode.enum).toEqual(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'CONFLICT', 'TOO_MANY_REQUESTS', 'UNAVAILABLE']);
    expect(Object.keys(doc.paths['/fn/{route}'].post.responses)).toEqual(expect.arrayContaining(['401', '403', '404', '429', '502', '503', '504']));
    expect(doc.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined();

    // Every $ref points at something, and operation ids are unique (client generators need both).
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const target = ref.slice(10, -1).split('/').reduce((node: any, key) => node?.[key], doc);
      expect(target, ref).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((item: any) => Object.values(item).map((op: any) => op.operationId).filter(Boolean));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every REST route the server registers, and only those (drift guard)', async () => {
    const doc = await openApi();
    const registered = router
      .list()
      .filter(({ path }) => path.startsWith('/api/v1/') || path.startsWith('/2015-03-31/') || path === '/healthz' || path === '/metrics')
      .map(({ method, path }) => ({ method: method.toLowerCase(), path: path.replace(/:(\w+)/g, '{$1}') }));
    expect(registered.length).toBeGreaterThanOrEqual(12);
    const undocumented = registered.filter(({ method, path }) => !doc.paths[path]?.[method]).map(({ method, path }) => `${method} ${path}`);
    expect(undocumented, 'add these to server/http/docs/openapi.*.ts').toEqual([]);
    // The reverse: a documented route that no longer exists (the /fn shim is not in the Router).
    const keys = new Set(registered.map(({ method, path }) => `${method} ${path}`));
    const stale = Object.entries(doc.paths)
      .filter(([path]) => path !== '/fn/{route}')
      .flatMap(([path, item]: [string, any]) => Object.keys(item).filter((k) => k !== 'parameters').map((method) => `${method} ${path}`))
      .filter((key) => !keys.has(key));
    expect(stale).toEqual([]);
  });

  it('serves Swagger UI and its assets from node_modules with the right types and long caching', async () => {
    const page = await server.http('GET', '/docs/rest');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const urls = [...page.text.matchAll(/(?:src|href)="(\/docs\/rest\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.map((u) => u.split('?')[0])).toEqual(
      expect.arrayContaining(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'swagger-initializer.js'].map((f) => `/docs/rest/assets/${f}`)),
    );
    const types: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', png: 'image/png' };
    for (const url of urls) {
      const res = await fetch(server.url + url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(types[url.split('?')[0]!.split('.').pop()!]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      if (url.includes('?v=')) expect(res.headers.get('cache-control')).toContain('immutable');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const init = await server.http('GET', '/docs/rest/assets/swagger-initializer.js');
    expect(init.text).toContain("url: '/docs/openapi.json'");
    expect(init.text).toContain('validatorUrl: null');
  });

  it('serves nothing else from node_modules', async () => {
    for (const path of ['index.html', 'package.json', '..%2F..%2Fpackage.json', '..%2Fswagger-ui-dist%2Fpackage.json', '__proto__', 'constructor', 'swagger-ui-bundle.js.map']) {
      const res = await server.http('GET', `/docs/rest/assets/${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
