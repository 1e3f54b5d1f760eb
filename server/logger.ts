import { pino, type Logger } from 'pino';

/** One structured logger; Authorization headers and secrets never reach the output. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.key',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
