import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys whose values are credentials or secrets wherever they appear (top level or one below). */
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'passwordHash', 'password_hash', 'token', 'key', 'apiKey', 'key_hash', 'secret', 'jwtSecret', 'secretKey', 'metricsToken', 'env', 'connectionParams'];

/**
 * One structured logger; Authorization headers and secrets never reach the output. Nothing
 * logs these today: the redaction is a backstop for the day someone logs a request, a
 * config or a row. `destination` lets tests read what would have been written.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const paths = [
    'req.headers.authorization',
    'req.headers.cookie',
    'headers.authorization',
    'headers.cookie',
    '*.headers.authorization',
    '*.headers.cookie',
    ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`]),
  ];
  const options = { level, redact: { paths, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
