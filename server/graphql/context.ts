import type { Viewer } from '../auth/viewer.js';
import type { Services } from '../services.js';

export interface GraphQLContext {
  viewer: Viewer | null;
  services: Services;
  /** Client address, for login throttling. */
  clientAddress: string;
}
