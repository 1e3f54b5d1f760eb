import type { App } from './app.js';
import type { Config } from './config.js';
import { describeDatabaseUrl } from './db/postgres.js';
import { runtimeImageTag } from './executor/images/image.tags.js';

/**
 * The lines `npm start` prints on a terminal once the executor's first start settled: where
 * the platform answers and what it runs on. Not printed when stdout is not a terminal (logs
 * then stay one JSON object per line).
 */
export async function startupBanner(app: App, config: Config): Promise<string> {
  const health = await app.services.executor.health().catch((error: Error) => ({ ok: false, reason: error.message, engine: undefined }));
  const rows: [string, string][] = [
    ['Dashboard', `${app.url}/`],
    ['GraphQL', `${app.url}/graphql (WebSocket on the same path)`],
    ['REST', `${app.url}/fn/<route>, ${app.url}/api/v1, docs at ${app.url}/docs`],
    ['Data dir', config.dataDir],
    ['Database', config.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : `SQLite in ${config.dataDir}`],
    ['Events', config.redisUrl ? 'Redis' : 'in-process'],
    ['Engine', health.ok ? (health.engine ?? 'ready') : `not ready: ${health.reason ?? 'unknown'} (GET /healthz says when)`],
    ['Images', `${runtimeImageTag('PYTHON')}, ${runtimeImageTag('NODE')}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return ['', `  fnbox is running`, '', ...lines, '', '  CLI: npx fnbox login --url ' + app.url, ''].join('\n');
}
