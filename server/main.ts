import { createApp } from './app.js';
import { startupBanner } from './banner.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

const config = loadConfig();
const logger = createLogger(config.logLevel, undefined, config.logFormat);
const app = await createApp({ logger }).catch((error) => {
  logger.fatal({ err: error }, 'fnbox failed to start');
  process.exit(1);
});

// On a terminal, a summary of where fnbox answers once the executor's first start settled.
if (process.stdout.isTTY) {
  void app.ready
    .then(() => startupBanner(app, config))
    .then(
      (banner) => process.stdout.write(`${banner}\n`),
      () => undefined,
    );
}

// Graceful shutdown: stop accepting, drain in-flight invocations (bounded), record them, remove containers.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 30_000).unref();
    app.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
