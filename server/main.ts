import { createApp } from './app.js';
import { createLogger } from './logger.js';

const logger = createLogger();
const app = await createApp({ logger }).catch((error) => {
  logger.fatal({ err: error }, 'fnbox failed to start');
  process.exit(1);
});

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
