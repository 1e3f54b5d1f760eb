// A single-page app: no server rendering, no prerendering; the server's index.html fallback
// boots every route.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
