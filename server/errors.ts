/**
 * Expected failures. Each carries a stable `code` that GraphQL exposes as
 * `extensions.code` and REST as `{error: {code, message}}` with `httpStatus`.
 * Anything that is not an AppError is unexpected: masked and logged.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE';

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
};

export class AppError extends Error {
  readonly httpStatus: number;
  /** The user quota a refusal is about (server/quotas/), e.g. "maxFunctions": `extensions.quota`, REST `error.quota`. */
  quota?: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (429/503). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.httpStatus = HTTP_STATUS[code];
  }
}

export const unauthenticated = (message = 'Authentication required') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => new AppError('FORBIDDEN', message);
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const badInput = (message: string) => new AppError('BAD_USER_INPUT', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);
export const tooManyRequests = (message: string, retryAfterSeconds = 1) =>
  new AppError('TOO_MANY_REQUESTS', message, retryAfterSeconds);
export const unavailable = (message: string, retryAfterSeconds = 5) =>
  new AppError('UNAVAILABLE', message, retryAfterSeconds);

/** Names the user quota that refused `error` (its code stays the contract's: BAD_USER_INPUT or TOO_MANY_REQUESTS). */
export function withQuota(error: AppError, quota: string): AppError {
  error.quota = quota;
  return error;
}

/** One of the contract's codes (as opposed to a library's own, like GRAPHQL_PARSE_FAILED). */
export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(HTTP_STATUS, code);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
