import type { AccessRecordStore, CustomerReads } from '../../lib/access-record';
import type { RequestContext } from '../../lib/context';
import type { CustomerDirectory } from './directory';
import type { DirectorySync } from './sync';
import type { Clock } from '../../lib/clock';
import type { PosClient } from '../../connectors/pos';
import type { CrmClient } from '../../connectors/crm';
import type { DecisionStore } from './decisions';

export interface Context extends RequestContext {
  /** One directory for the whole request, even if a sync swaps in a newer one meanwhile. */
  directory: CustomerDirectory;
  sync: DirectorySync;
  /** People's decisions about who is who (decide.ts). */
  decisions: DecisionStore;
  /** Reads a store sale a cashier or an agent confirms the customer of. */
  pos: PosClient;
  /** Reads who refused a channel, for the lists of customers to contact (contact.ts). */
  crm: CrmClient;
  clock: Clock;
  /** The personal data this request serves, for the record of who looked. */
  customerReads: CustomerReads;
  /** The record of who looked, which `Customer.dataAccessLog` reads. */
  accessRecord: AccessRecordStore;
}
