/** Routes anyone may open; everything else needs a token. */
export const PUBLIC_PATHS = ['/signin', '/signup'];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.includes(pathname.replace(/\/+$/, '') || '/');
}

/** Where to go after signing in: only same-origin paths, never back to the sign-in pages. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const path = next.split(/[?#]/)[0];
  return isPublicPath(path) ? '/' : next;
}
