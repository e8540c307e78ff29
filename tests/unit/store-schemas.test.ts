import { openAccessRecord } from '../../lib/access-record';
import { createLogger } from '../../lib/logger';
import { openCommerceState } from '../../subgraphs/commerce/state';
import { decisionStore } from '../../subgraphs/identity/decisions';
import { directoryRecordStore } from '../../subgraphs/identity/directory-records';
import { KpiReadModel } from '../../subgraphs/kpis/read-model';
import { openMarketplaceState } from '../../subgraphs/marketplace/state';
import { POSTGRES_URL, scratchStores } from '../support/scratch-stores';

/**
 * A deployment puts every durable store in one database and often one schema, and its replicas start
 * together on a fresh one: the stores create the schema and their tables one after the other, not
 * side by side (CREATE … IF NOT EXISTS from two sessions at once fails one of them).
 */
const { schema } = scratchStores('store_schemas');
const log = createLogger('test', { LOG_LEVEL: 'silent' });

const env = {
  COMMERCE_STATE_URL: POSTGRES_URL,
  COMMERCE_STATE_SCHEMA: schema,
  MARKETPLACE_STATE_URL: POSTGRES_URL,
  MARKETPLACE_STATE_SCHEMA: schema,
  KPIS_STATE_URL: POSTGRES_URL,
  KPIS_STATE_SCHEMA: schema,
  IDENTITY_DECISIONS_URL: POSTGRES_URL,
  IDENTITY_DECISIONS_SCHEMA: schema,
  IDENTITY_DIRECTORY_URL: POSTGRES_URL,
  IDENTITY_DIRECTORY_SCHEMA: schema,
  ACCESS_RECORD_URL: POSTGRES_URL,
  ACCESS_RECORD_SCHEMA: schema,
};

/** Every PostgreSQL store of the graph, opened once, as a replica's subgraphs open them at its start. */
const openEveryStore = (): Promise<{ close(): Promise<void> }>[] => [
  openCommerceState(env),
  openMarketplaceState(env, log),
  KpiReadModel.open(env, log),
  decisionStore(env, log).ready,
  directoryRecordStore(env, log).ready,
  openAccessRecord(env),
];

it('opens every store of three replicas at once in one fresh schema', async () => {
  const opened = await Promise.allSettled([...openEveryStore(), ...openEveryStore(), ...openEveryStore()]);
  const failures = opened.filter((result) => result.status === 'rejected').map((result) => String(result.reason));
  await Promise.all(opened.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  expect(failures).toEqual([]);
  expect(opened).toHaveLength(18);
});
