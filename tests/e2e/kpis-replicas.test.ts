import type { FastifyInstance } from 'fastify';
import { Client } from 'pg';
import pino from 'pino';
import { generateWorld } from '../../legacy/seed/world';
import { closeEventBus } from '../../lib/events';
import { locationId } from '../../lib/ids';
import { LiveEvents } from '../../lib/live-events';
import { RunningSystem, startSystem } from '../../scripts/system';
import { KpiReadModel } from '../../subgraphs/kpis/read-model';
import { SUBGRAPH_SERVICES } from '../../subgraphs/services';
import { eventually } from '../support/eventually';
import { QUIET_FOLLOWERS } from '../support/quiet-marketplace';
import { sharedFeedEnv } from '../support/relays';

/**
 * KPI replicas on one PostgreSQL model (KPIS_STATE_URL): the holder of the `kpis.sales` lease reads
 * the systems' history and takes the sales events in; another replica starts without reading the
 * history and answers from the model; when the holder stops, the other takes the events in.
 */
const STATE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `kpis_replicas_${process.pid}_${Date.now()}`;
const quiet = pino({ level: 'silent' });
/** What reading the systems' sales history calls (a first start reads them whole, a later one what came since). */
const HISTORY_READS = ['orders.list', 'creditmemos.list', 'carts.search'];

describe('KPI replicas on one model', () => {
  const world = generateWorld({ seed: 47, size: 'small' });
  let system: RunningSystem;
  let second: FastifyInstance | null = null;

  const historyReads = () =>
    HISTORY_READS.reduce((sum, operation) => sum + (system.legacy.ecommerce.legacy.calls.snapshot().byOperation[operation] ?? 0), 0);
  /** Store sales in the model, whoever wrote them. */
  const storeSales = async () => {
    const model = await KpiReadModel.open(system.env, quiet);
    try {
      const sums = await model.aggregate({
        from: 0,
        to: Date.now() + 400 * 86_400_000,
        period: null,
        byChannel: true,
        byStore: false,
        channels: ['STORE'],
        storeIds: null,
      });
      return sums.sales.reduce((orders, row) => orders + row.orders, 0);
    } finally {
      await model.close();
    }
  };
  const sell = (orderId: string) =>
    new LiveEvents(quiet, system.env).sale({
      orderId,
      channel: 'STORE',
      locationId: locationId(`S${world.stores[0].retailStoreId}`),
      placedAt: new Date(world.now.getTime()).toISOString(),
      revenue: { amount: '100000', currency: 'VND' },
      units: 1,
      clickAndCollect: false,
      cartId: null,
    });

  beforeAll(async () => {
    system = await startSystem({
      world,
      env: {
        LOG_LEVEL: 'silent',
        ...QUIET_FOLLOWERS,
        KPIS_STATE_URL: STATE_URL,
        KPIS_STATE_SCHEMA: SCHEMA,
        ...sharedFeedEnv(`kpis${process.pid}`),
      },
    });
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await system?.stop();
    await closeEventBus();
    const client = new Client({ connectionString: STATE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.end();
  });

  it('starts a second replica without reading the history, and keeps the events in from the other once the first stops', async () => {
    // The system's kpis read the history whole at its start and holds the lease.
    const before = historyReads();
    second = await SUBGRAPH_SERVICES.kpis(system.env);
    await second.settled;
    expect(historyReads() - before).toBe(0);

    const sold = await storeSales();
    await sell(`kpis-replicas-${process.pid}-1`);
    expect(await eventually(storeSales, (sales) => sales === sold + 1)).toBe(sold + 1);

    // The first stops: the second takes the lease, reads what the systems recorded since, and takes the events in.
    await system.subgraphs.kpis.close();
    await eventually(
      async () => historyReads() - before,
      (reads) => reads > 0,
    );
    await sell(`kpis-replicas-${process.pid}-2`);
    expect(await eventually(storeSales, (sales) => sales === sold + 2)).toBe(sold + 2);
  }, 60_000);
});
