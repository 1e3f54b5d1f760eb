/** Reading urql/GraphQL errors: codes, and messages fit for people. */

export interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

export interface CombinedErrorLike {
  message?: string;
  graphQLErrors?: readonly GraphQLErrorLike[];
  networkError?: Error | null;
  response?: { status?: number } | null;
}

export function errorCodes(error: CombinedErrorLike | null | undefined): string[] {
  if (!error) return [];
  const codes = (error.graphQLErrors ?? [])
    .map((e) => e.extensions?.code)
    .filter((code): code is string => typeof code === 'string');
  if (error.response?.status === 401) codes.push('UNAUTHENTICATED');
  return codes;
}

export function isUnauthenticated(error: CombinedErrorLike | null | undefined): boolean {
  return errorCodes(error).includes('UNAUTHENTICATED');
}

const FRIENDLY: Record<string, string> = {
  UNAUTHENTICATED: 'Your session has ended. Sign in again.',
  FORBIDDEN: 'You do not have permission to do that.',
  NOT_FOUND: 'Not found: it may have been deleted, or it belongs to someone else.',
  TOO_MANY_REQUESTS: 'Too many requests. Wait a moment and try again.',
  UNAVAILABLE: 'The platform is busy or not ready. Try again shortly.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on the server.',
};

/** One readable sentence for an error (GraphQL messages win; codes and network errors fill in). */
export function errorMessage(error: CombinedErrorLike | Error | string | null | undefined): string {
  if (!error) return '';
  if (typeof error === 'string') return error;
  const combined = error as CombinedErrorLike;
  const first = combined.graphQLErrors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : '';
    const message = first.message?.trim();
    if (message && code !== 'INTERNAL_SERVER_ERROR') return message;
    return FRIENDLY[code] ?? message ?? 'Request failed.';
  }
  if (combined.networkError) {
    if (combined.response?.status === 401) return FRIENDLY.UNAUTHENTICATED;
    return 'Cannot reach the fnbox server. Check that it is running.';
  }
  return (error as Error).message?.replace(/^\[(GraphQL|Network)\]\s*/, '') || 'Request failed.';
}
