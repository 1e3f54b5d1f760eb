import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogFormat } from './config.js';

/** Keys whose values are credentials or secrets wherever they appear (top level or one below). */
const SECRET_KEYS = ['authorization', 'cookie', 'password', 'passwordHash', 'password_hash', 'token', 'key', 'apiKey', 'key_hash', 'secret', 'jwtSecret', 'secretKey', 'metricsToken', 'env', 'connectionParams'];

/**
 * One structured logger; Authorization headers and secrets never reach the output. Nothing
 * logs these today: the redaction is a backstop for the day someone logs a request, a
 * config or a row. `destination` lets tests read what would have been written.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream, format: LogFormat = 'json'): Logger {
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
  if (format === 'pretty' && !destination) return pino(options, prettyStream());
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Human-readable lines for a terminal (FNBOX_LOG_FORMAT, server/config.ts), written in-process
 * and synchronously so nothing is lost at exit. Loaded only then: JSON output, what servers
 * and collectors get, stays exactly as it was.
 */
function prettyStream(): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true, sync: true });
}

export type { Logger };
