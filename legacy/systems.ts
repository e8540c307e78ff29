import type { Db } from './kit/db';
import type { StandInEntry } from './kit/main';
import type { World } from './seed/model';
import * as crm from './crm/main';
import * as crmStore from './crm/store';
import * as ecommerce from './ecommerce/main';
import * as ecommerceStore from './ecommerce/store';
import * as marketplace from './marketplace/main';
import * as marketplaceStore from './marketplace/store';
import * as pos from './pos/main';
import * as posStore from './pos/store';
import * as warehouse from './warehouse/main';
import * as warehouseStore from './warehouse/store';

export interface LegacySystem {
  entry: StandInEntry;
  createSchema(db: Db): void;
  loadWorld(db: Db, world: World): void;
  /** A system that pushes to a subgraph: told where once that subgraph listens (its base URL). */
  pushes?: { subgraph: string; register(standInUrl: string, subgraphBaseUrl: string, env: NodeJS.ProcessEnv): Promise<void> };
}

/** The stand-ins, in the order they start: the retailer's four systems of record, then the marketplace it sells on. */
export const LEGACY_SYSTEMS: LegacySystem[] = [
  { entry: crm.entry, createSchema: crmStore.createSchema, loadWorld: crmStore.loadWorld },
  { entry: pos.entry, createSchema: posStore.createSchema, loadWorld: posStore.loadWorld },
  { entry: ecommerce.entry, createSchema: ecommerceStore.createSchema, loadWorld: ecommerceStore.loadWorld },
  { entry: warehouse.entry, createSchema: warehouseStore.createSchema, loadWorld: warehouseStore.loadWorld },
  {
    entry: marketplace.entry,
    createSchema: marketplaceStore.createSchema,
    loadWorld: marketplaceStore.loadWorld,
    pushes: { subgraph: 'marketplace', register: marketplace.registerCallback },
  },
];
