import type { RequestContext } from '../../lib/context';
import type { CustomerDirectory } from './directory';
import type { DirectorySync } from './sync';

export interface Context extends RequestContext {
  /** One directory for the whole request, even if a sync swaps in a newer one meanwhile. */
  directory: CustomerDirectory;
  sync: DirectorySync;
}
