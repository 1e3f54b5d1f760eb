import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * The dashboard's Content-Security-Policy, defence in depth for the token it keeps in
 * localStorage: scripts only from this origin plus the app shell's own inline bootstrap
 * (allowed by hash, read from the built page, so no 'unsafe-inline'); styles may be inline
 * (Svelte, CodeMirror and uPlot set style attributes); no plugins, no framing, no <base>.
 */
export function dashboardCsp(htmlFile: string): string {
  const stat = fs.statSync(htmlFile);
  const key = `${htmlFile}:${stat.mtimeMs}:${stat.size}`;
  let policy = cache.get(key);
  if (!policy) {
    const hashes = inlineScripts(fs.readFileSync(htmlFile, 'utf8')).map((s) => `'sha256-${crypto.createHash('sha256').update(s).digest('base64')}'`);
    policy = [
      "default-src 'self'",
      `script-src 'self' ${hashes.join(' ')}`.trim(),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    cache.set(key, policy);
  }
  return policy;
}

const cache = new Map<string, string>();

/** Bodies of `<script>` elements without a src: what the hashes must cover, byte for byte. */
function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (!/\ssrc\s*=/i.test(match[1] ?? '')) scripts.push(match[2] ?? '');
  }
  return scripts;
}
