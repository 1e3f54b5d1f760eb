import type { ServerResponse } from 'node:http';
import { isAppError, type ErrorCode } from '../errors.js';
import { closeAfterResponse, PayloadTooLarge } from '../http/http.util.js';

/**
 * Errors as the Lambda API answers them: `{"Type": "User", "message"}` with the error's name in
 * `x-amzn-ErrorType`, which the AWS SDKs read to throw e.g. ResourceNotFoundException.
 */
const STATUS: Record<string, number> = {
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ResourceConflictException: 409,
  InvalidParameterValueException: 400,
  InvalidRequestContentException: 400,
  RequestTooLargeException: 413,
  TooManyRequestsException: 429,
  ServiceException: 500,
};

export class LambdaError extends Error {
  readonly status: number;
  constructor(
    readonly type: string,
    message: string,
    readonly retryAfterSeconds?: number,
    status?: number,
  ) {
    super(message);
    this.name = type;
    this.status = status ?? STATUS[type] ?? 400;
  }
}

export const lambdaError = (type: string, message: string) => new LambdaError(type, message);

/** The platform's typed errors (server/errors.ts) under their Lambda names. */
const FROM_APP: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'UnrecognizedClientException',
  FORBIDDEN: 'AccessDeniedException',
  NOT_FOUND: 'ResourceNotFoundException',
  BAD_USER_INPUT: 'InvalidParameterValueException',
  CONFLICT: 'ResourceConflictException',
  TOO_MANY_REQUESTS: 'TooManyRequestsException',
  // Lambda's ServiceException is a 500; an engine down or no live version is a 503 the SDKs retry.
  UNAVAILABLE: 'ServiceException',
};

/** Any error as a LambdaError; undefined for an unexpected one (logged and answered as ServiceException). */
export function toLambdaError(error: unknown): LambdaError | undefined {
  if (error instanceof LambdaError) return error;
  if (error instanceof PayloadTooLarge) return new LambdaError('RequestTooLargeException', error.message);
  if (isAppError(error)) return new LambdaError(FROM_APP[error.code], error.message, error.retryAfterSeconds, error.code === 'UNAVAILABLE' ? 503 : undefined);
  return undefined;
}

export function sendLambdaError(res: ServerResponse, error: unknown, onUnexpected: (error: unknown) => void): void {
  if (res.headersSent) return void res.destroy();
  const known = toLambdaError(error);
  if (!known) onUnexpected(error);
  const { type, message, status, retryAfterSeconds } = known ?? new LambdaError('ServiceException', 'Internal server error');
  const payload = JSON.stringify({ Type: status >= 500 ? 'Service' : 'User', message });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), 'x-amzn-errortype': type };
  if (retryAfterSeconds) headers['retry-after'] = String(retryAfterSeconds);
  if (error instanceof PayloadTooLarge) {
    headers.connection = 'close';
    closeAfterResponse(res);
  }
  res.writeHead(status, headers).end(payload);
}
