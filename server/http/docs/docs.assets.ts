import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The few swagger-ui-dist files the viewer needs, served from node_modules (no CDN: many
 * hosts running fnbox are offline). Requests name a key of this table, never a path, so no
 * request can reach any other file.
 */
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const distPackage = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
const distDir = path.dirname(distPackage);

/** Part of every asset URL, so a year of caching ends when swagger-ui-dist is upgraded. */
export const SWAGGER_UI_VERSION: string = (JSON.parse(fs.readFileSync(distPackage, 'utf8')) as { version: string }).version;

export interface Asset {
  body: Buffer;
  contentType: string;
}

// Read once: 1.5 MB in memory beats a disk read per request for a page that is rarely opened,
// and it is only loaded if someone opens it.
const cache = new Map<string, Asset>();

export function swaggerAsset(name: string): Asset | undefined {
  if (!Object.hasOwn(FILES, name)) return undefined;
  let asset = cache.get(name);
  if (!asset) {
    asset = { body: fs.readFileSync(path.join(distDir, name)), contentType: FILES[name]! };
    cache.set(name, asset);
  }
  return asset;
}
