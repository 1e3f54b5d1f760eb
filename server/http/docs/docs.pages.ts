import { SWAGGER_UI_VERSION } from './docs.assets.js';

export const DOCS_PREFIX = '/docs';
export const ASSETS = `${DOCS_PREFIX}/rest/assets`;
const v = `?v=${encodeURIComponent(SWAGGER_UI_VERSION)}`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The landing page: no script and no external asset, so it works offline and under the
 * strictest CSP. `origin` (from the Host header, escaped) only makes the curl lines copyable.
 */
export function landingPage(origin: string): string {
  const o = escape(origin);
  const ws = escape(origin.replace(/^http/, 'ws'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fnbox API documentation</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
  h1 { margin-bottom: 0.25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
  ul.links { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0.75rem; }
  ul.links a { display: block; padding: 0.75rem 1rem; border: 1px solid #d0d7de; border-radius: 6px; text-decoration: none; color: inherit; }
  ul.links a:hover { border-color: #0969da; } ul.links b { color: #0969da; display: block; }
  pre { background: #f6f8fa; padding: 0.75rem 1rem; border-radius: 6px; overflow-x: auto; font-size: 0.85rem; }
  code { font-family: ui-monospace, monospace; }
  @media (prefers-color-scheme: dark) {
    body { background: #0d1117; color: #e6edf3; } pre { background: #161b22; } h2, ul.links a { border-color: #30363d; }
  }
</style>
</head>
<body>
<h1>fnbox API</h1>
<p>GraphQL is the complete API (with live subscriptions); the REST API is the original service's, kept compatible.</p>
<ul class="links">
  <li><a href="/graphql"><b>GraphiQL</b>Explore and run GraphQL queries, mutations and subscriptions.</a></li>
  <li><a href="${DOCS_PREFIX}/rest"><b>REST reference</b>Every REST endpoint, with Try it out (Swagger UI).</a></li>
  <li><a href="${DOCS_PREFIX}/openapi.json"><b>OpenAPI document</b>OpenAPI 3.1 JSON, for client generators.</a></li>
  <li><a href="${DOCS_PREFIX}/schema.graphql"><b>GraphQL schema</b>The SDL, for codegen and editors.</a></li>
</ul>

<h2>How to authenticate</h2>
<p>Every request carries <code>Authorization: Bearer &lt;token&gt;</code>, where the token is a JWT from register or login
(expires, 12 h by default) or an API key (<code>fnbox_…</code>, valid until revoked). The first account registered is the ADMIN.</p>
<pre><code># Register (the response carries a token too), then sign in with the username (or the email)
curl -X POST ${o}/api/v1/auth/register -H 'content-type: application/json' \\
  -d '{"username": "ada", "email": "ada@example.com", "password": "correct horse battery"}'
TOKEN=$(curl -s -X POST ${o}/api/v1/auth/token \\
  --data-urlencode username=ada --data-urlencode 'password=correct horse battery' | jq -r .access_token)

# REST and GraphQL take the same header
curl ${o}/api/v1/functions/ -H "Authorization: Bearer $TOKEN"
curl ${o}/graphql -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
  -d '{"query": "{ me { email role } }"}'</code></pre>
<p>API keys suit scripts and CI. Create one with GraphQL (or in the dashboard); the key is shown once:</p>
<pre><code>curl ${o}/graphql -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
  -d '{"query": "mutation { createApiKey(name: \\"ci\\") { key apiKey { id name } } }"}'
curl ${o}/api/v1/functions/ -H "Authorization: Bearer fnbox_…"</code></pre>
<p>Subscriptions use the graphql-ws protocol on the same path; the token goes in
<code>connectionParams</code>, checked on connect and again while the connection lives:</p>
<pre><code>import { createClient } from 'graphql-ws';
const client = createClient({ url: '${ws}/graphql', connectionParams: { authorization: \`Bearer \${token}\` } });</code></pre>
<p>In GraphiQL, put <code>{"Authorization": "Bearer …"}</code> in the Headers pane: subscriptions send it as connectionParams.
In the REST reference, use <em>Authorize</em> with your email and password, or paste a token.</p>
<p>Errors are <code>{"error": {"code", "message"}, "detail"}</code> in REST and <code>extensions.code</code> in GraphQL:
UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, TOO_MANY_REQUESTS, UNAVAILABLE.
429 and 503 carry <code>Retry-After</code>.</p>
</body>
</html>
`;
}

/** Swagger UI's index.html, pointing at our copies of its assets; the initializer is a file so no inline script is needed. */
export function swaggerPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fnbox REST API</title>
<link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png${v}" sizes="32x32">
<link rel="icon" type="image/png" href="${ASSETS}/favicon-16x16.png${v}" sizes="16x16">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css${v}">
<style>body { margin: 0; }</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js${v}"></script>
<script src="${ASSETS}/swagger-ui-standalone-preset.js${v}"></script>
<script src="${ASSETS}/swagger-initializer.js"></script>
</body>
</html>
`;
}

export const SWAGGER_INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_PREFIX}/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    // The default sends the document to validator.swagger.io: no third-party calls from here.
    validatorUrl: null,
    persistAuthorization: true,
  });
});
`;
