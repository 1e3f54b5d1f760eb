import type { KeyScope } from './key.scope.js';
import type { Role } from './user.table.js';

/** The authenticated caller of a request or subscription. */
export interface Viewer {
  id: string;
  email: string;
  role: Role;
  /** How the caller proved who they are. */
  via: 'jwt' | 'api-key';
  /** The API key it used (via 'api-key'): live connections on a key end when it is revoked. */
  apiKeyId?: string;
  /** The limits of a scoped API key; absent for a JWT and for an unscoped key (full access). */
  scope?: KeyScope;
}

export const isAdmin = (viewer: Viewer | null | undefined) => viewer?.role === 'ADMIN';
