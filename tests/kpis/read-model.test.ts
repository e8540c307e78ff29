import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import pino from 'pino';
import { SCOPES } from '../../lib/access';
import { ANONYMOUS, type Caller } from '../../lib/context';
import { InProcessEventBus, NatsEventBus, type EventBus } from '../../lib/events';
import type { WebCartDetail } from '../../connectors/ecommerce';
import { encodeId, locationId } from '../../lib/ids';
import { SUBJECTS, type SaleEvent } from '../../lib/live-events';
import { CartNames } from '../../subgraphs/kpis/carts';
import type { SaleFact } from '../../subgraphs/kpis/facts';
import { SalesEventIntake } from '../../subgraphs/kpis/intake';
import { KpiReadModel, type Selection } from '../../subgraphs/kpis/read-model';
import { storesReached } from '../../subgraphs/kpis/report';
import { eventually } from '../support/eventually';

/**
 * The KPI read model on both its stores, the embedded SQLite file and the real PostgreSQL server:
 * a fact counts once however often it arrives and in whatever order sale, cart and cancellation
 * come; days and hours are the retailer's; and the event intake on NATS JetStream resumes after the
 * last sequence it stored, so a restart misses nothing the stream kept.
 */

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = 'nats://127.0.0.1:4222';
const RUN = `${process.pid}_${Date.now()}`;
const log = pino({ level: 'silent' });
const HOUR = 3_600_000;

/** 2026-11-20 00:00 in Ho Chi Minh City. */
const MIDNIGHT = Date.parse('2026-11-20T00:00:00+07:00');
const S101 = locationId('S101');
const S102 = locationId('S102');

const sale = (orderId: string, overrides: Partial<SaleFact> = {}): SaleFact => ({
  orderId,
  channel: 'STORE',
  storeId: S101,
  placedAt: MIDNIGHT + 10 * HOUR,
  revenue: 100_000,
  units: 1,
  clickAndCollect: false,
  cartId: null,
  ...overrides,
});

const DAY_SELECTION: Selection = {
  from: MIDNIGHT - 24 * HOUR,
  to: MIDNIGHT + 24 * HOUR,
  period: null,
  byChannel: true,
  byStore: false,
  channels: null,
  storeIds: null,
};

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Each store the model runs on: a fresh one per call, and how to throw it away. */
interface Store {
  name: string;
  fresh(): { env: NodeJS.ProcessEnv; drop(): Promise<void> };
}

const STORES: Store[] = [
  {
    name: 'in an embedded SQLite file',
    fresh: () => {
      const dir = mkdtempSync(join(tmpdir(), 'kpis-model-'));
      return { env: { KPIS_STATE_FILE: join(dir, 'kpis-state.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'in PostgreSQL',
    fresh: () => {
      const schema = `kpis_test_${RUN}_${Math.random().toString(36).slice(2, 8)}`;
      return {
        env: { KPIS_STATE_URL: POSTGRES_URL, KPIS_STATE_SCHEMA: schema },
        drop: () => admin((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => undefined),
      };
    },
  },
];

describe.each(STORES)('the KPI read model $name', (store) => {
  let model: KpiReadModel;
  let drop: () => Promise<void>;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    ({ env, drop } = store.fresh());
    model = await KpiReadModel.open(env, log);
  });
  afterEach(async () => {
    await model.close();
    await drop();
  });

  const storeSales = async () => (await model.aggregate(DAY_SELECTION)).sales.find((sums) => sums.channel === 'STORE');

  it('counts the same sale, return and cart once, however often they arrive', async () => {
    const refund = {
      returnId: 'R1',
      orderId: 'O1',
      channel: 'STORE' as const,
      storeId: S101,
      at: MIDNIGHT + 11 * HOUR,
      refund: 40_000,
      units: 1,
    };
    const cart = { cartId: 'C1', channel: 'WEB' as const, storeId: null, openedAt: MIDNIGHT + 9 * HOUR };
    for (let i = 0; i < 3; i += 1) await model.apply({ sales: [sale('O1')], returns: [refund], carts: [cart] });
    await model.apply({ sales: [sale('O1'), sale('O1')] });
    const sums = await model.aggregate(DAY_SELECTION);
    expect(sums.sales).toEqual([
      { period: null, channel: 'STORE', storeId: null, orders: 1, revenue: 100_000, units: 1, clickAndCollect: 0 },
    ]);
    expect(sums.returns).toEqual([{ period: null, channel: 'STORE', storeId: null, returns: 1, refunds: 40_000, units: 1 }]);
    expect(sums.carts).toEqual([{ period: null, channel: 'WEB', storeId: null, opened: 1, converted: 0 }]);
  });

  it('takes a cancelled order out, whether the cancellation comes before its sale or after', async () => {
    await model.apply({ sales: [sale('O1'), sale('O2')] });
    await model.apply({ cancelledOrderIds: ['O1', 'O3'] });
    await model.apply({ sales: [sale('O3')] });
    expect(await storeSales()).toMatchObject({ orders: 1, revenue: 100_000 });
  });

  it('converts a cart whether its order or the cart arrives first', async () => {
    await model.apply({ carts: [{ cartId: 'C1', channel: 'WEB', storeId: null, openedAt: MIDNIGHT + 9 * HOUR }] });
    await model.apply({ sales: [sale('O1', { cartId: 'C1', channel: 'APP' }), sale('O2', { cartId: 'C2', channel: 'APP' })] });
    await model.apply({ carts: [{ cartId: 'C2', channel: 'WEB', storeId: null, openedAt: MIDNIGHT + 9 * HOUR }] });
    await model.apply({ carts: [{ cartId: 'C3', channel: 'WEB', storeId: null, openedAt: MIDNIGHT + 9 * HOUR }] });
    expect((await model.aggregate(DAY_SELECTION)).carts).toEqual([
      { period: null, channel: 'WEB', storeId: null, opened: 3, converted: 2 },
    ]);
  });

  it('counts days and hours on the retailer’s clock, and only the stores and channels asked for', async () => {
    await model.apply({
      sales: [
        // 23:59 UTC on the 19th is 06:59 on the 20th in the stores.
        sale('O1', { placedAt: Date.parse('2026-11-19T23:59:00Z') }),
        sale('O2', { placedAt: MIDNIGHT - 1 }),
        sale('O3', { placedAt: MIDNIGHT + 7 * HOUR + 30 * 60_000, storeId: S102 }),
        sale('O4', { placedAt: MIDNIGHT + 8 * HOUR, storeId: null, channel: 'WEB' }),
      ],
    });
    const byDay = await model.aggregate({ ...DAY_SELECTION, period: 'DAY', byChannel: false });
    const day = (at: string) => Math.floor((Date.parse(at) + 7 * HOUR) / (24 * HOUR));
    expect(byDay.sales.sort((a, b) => a.period! - b.period!).map((sums) => [sums.period, sums.orders])).toEqual([
      [day('2026-11-19T12:00:00+07:00'), 1],
      [day('2026-11-20T12:00:00+07:00'), 3],
    ]);
    const byHour = await model.aggregate({
      ...DAY_SELECTION,
      from: MIDNIGHT,
      period: 'HOUR',
      byChannel: false,
      byStore: true,
      storeIds: [S101, S102],
    });
    expect(byHour.sales.map((sums) => [(sums.period! * HOUR - 7 * HOUR - MIDNIGHT) / HOUR, sums.storeId, sums.orders]).sort()).toEqual([
      [6, S101, 1],
      [7, S102, 1],
    ]);
    expect((await model.aggregate({ ...DAY_SELECTION, channels: ['WEB'] })).sales.map((sums) => sums.orders)).toEqual([1]);
    expect((await model.aggregate({ ...DAY_SELECTION, storeIds: [] })).sales).toEqual([]);
  });

  it('takes an event’s fact over the history’s, whichever came first, and never the other way', async () => {
    // Read from the web shop as WEB (its note not written yet), then told by the checkout as APP.
    await model.apply({ sales: [sale('O1', { channel: 'WEB', storeId: null })] }, {}, 'history');
    await model.apply({ sales: [sale('O1', { channel: 'APP', clickAndCollect: true })] });
    await model.apply({ sales: [sale('O1', { channel: 'WEB', storeId: null })] }, {}, 'history');
    await model.apply({ carts: [{ cartId: 'C1', channel: 'ASSISTED', storeId: S101, openedAt: MIDNIGHT + 9 * HOUR }] });
    await model.apply({ carts: [{ cartId: 'C1', channel: 'WEB', storeId: null, openedAt: MIDNIGHT + 9 * HOUR }] }, {}, 'history');
    const sums = await model.aggregate({ ...DAY_SELECTION, byStore: true });
    expect(sums.sales).toEqual([
      { period: null, channel: 'APP', storeId: S101, orders: 1, revenue: 100_000, units: 1, clickAndCollect: 1 },
    ]);
    expect(sums.carts).toEqual([{ period: null, channel: 'ASSISTED', storeId: S101, opened: 1, converted: 0 }]);
  });

  it('keeps what it was given across a restart, with its marks', async () => {
    await model.apply({ sales: [sale('O1')] }, { history: '{"done":true}' });
    await model.close();
    model = await KpiReadModel.open(env, log);
    expect(await model.mark('history')).toBe('{"done":true}');
    expect(await storeSales()).toMatchObject({ orders: 1 });
  });
});

describe('whose stores a report covers', () => {
  const as = (scopes: string[], stores: string[] = []): Caller => ({ ...ANONYMOUS, id: 'someone', scopes, stores });

  it('gives the back office every store, or those it names', () => {
    expect(storesReached(as([SCOPES.reportSales]), null)).toBeNull();
    expect(storesReached(as([SCOPES.reportSales]), [S102])).toEqual([S102]);
  });

  it('gives a store manager their own stores, and refuses another', () => {
    const manager = as([SCOPES.reportStore], ['S101']);
    expect(storesReached(manager, null)).toEqual([S101]);
    expect(storesReached(manager, [S101])).toEqual([S101]);
    expect(() => storesReached(manager, [S102])).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }));
  });

  it('refuses anyone else, and the anonymous as such', () => {
    expect(() => storesReached(as([SCOPES.storeCounter], ['S101']), null)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
    );
    expect(() => storesReached(ANONYMOUS, null)).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
  });
});

/** Carts as events name them (the tests' carts are no guest's). */
const NAMED_AS_THEY_ARE = { of: async (id: string) => id };

/** A sale event as a source publishes it. */
const saleEvent = (orderId: string): SaleEvent => ({
  orderId,
  channel: 'STORE',
  locationId: S101,
  placedAt: new Date(MIDNIGHT + 10 * HOUR).toISOString(),
  revenue: { amount: '100000', currency: 'VND' },
  units: 1,
  clickAndCollect: false,
  cartId: null,
});

describe.each(STORES)('the event intake on NATS JetStream, its model $name', (store) => {
  // A namespace of its own: its stream is this run's alone, deleted after.
  const namespace = `kpis-test-${RUN.replace(/_/g, '-')}-${store.name.includes('SQLite') ? 'sqlite' : 'pg'}`;
  let bus: EventBus;
  let fresh: ReturnType<Store['fresh']>;

  beforeAll(async () => {
    bus = await NatsEventBus.open(NATS_URL, { namespace });
    fresh = store.fresh();
  });
  afterAll(async () => {
    await bus.close();
    await fresh.drop();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(`${namespace.toUpperCase().replace(/-/g, '_')}_EVENTS`).catch(() => undefined);
    await nc.close();
  });

  const intakeOf = (model: KpiReadModel) =>
    new SalesEventIntake(model, async () => bus, NAMED_AS_THEY_ARE, { resumable: true, namespace, currency: 'VND', retryMs: 200 }, log);
  const ordersOf = async (model: KpiReadModel) =>
    (await model.aggregate(DAY_SELECTION)).sales.find((sums) => sums.channel === 'STORE')?.orders ?? 0;

  it('resumes after the last sequence it stored: what was published while it was down is counted, once', async () => {
    let model = await KpiReadModel.open(fresh.env, log);
    let intake = intakeOf(model);
    await intake.start();
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O1') });
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O2') });
    expect(
      await eventually(
        () => ordersOf(model),
        (orders) => orders === 2,
        10,
      ),
    ).toBe(2);
    await intake.stop();
    await model.close();

    // Down: two new sales, one cancelled, and the first sale again (a replica publishing it too).
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O3') });
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O4') });
    await bus.publish(SUBJECTS.orderStatus('O4'), { orderId: 'O4', status: 'CANCELLED', customerId: null });
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O1') });
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O5') });

    model = await KpiReadModel.open(fresh.env, log);
    intake = intakeOf(model);
    await intake.start();
    expect(
      await eventually(
        () => ordersOf(model),
        (orders) => orders === 4,
        10,
      ),
    ).toBe(4);
    // Nothing more arrives: O1 twice and O4 cancelled are not counted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await ordersOf(model)).toBe(4);
    expect(Number(await model.mark(`events:${namespace}`))).toBeGreaterThan(0);
    await intake.stop();
    await model.close();
  });
});

describe('the event intake on the in-process bus', () => {
  it('takes what the process’s bus kept before it started, and passes over an event it cannot read', async () => {
    const bus = new InProcessEventBus();
    const dir = mkdtempSync(join(tmpdir(), 'kpis-intake-'));
    const model = await KpiReadModel.open({ KPIS_STATE_FILE: join(dir, 'kpis-state.sqlite') }, log);
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O1') });
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O2'), revenue: { amount: '5', currency: 'USD' } });
    const intake = new SalesEventIntake(
      model,
      async () => bus,
      NAMED_AS_THEY_ARE,
      { resumable: false, namespace: 'default', currency: 'VND', retryMs: 200 },
      log,
    );
    await intake.start();
    await bus.publish(SUBJECTS.sale('STORE'), { ...saleEvent('O3') });
    expect(
      await eventually(
        async () => (await model.aggregate(DAY_SELECTION)).sales.map((sums) => sums.orders),
        (orders) => orders[0] === 2,
        5,
      ),
    ).toEqual([2]);
    await intake.stop();
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the names of carts', () => {
  const guest = encodeId('Cart', `guest-${'a'.repeat(32)}`);

  it('names a guest’s cart by the web shop’s cart number, asking the shop once', async () => {
    const asked: unknown[] = [];
    const names = new CartNames({
      cart: async (ref) => {
        asked.push(ref);
        return { quoteId: 42 } as WebCartDetail;
      },
    });
    expect(await names.of(guest)).toBe(encodeId('Cart', '42'));
    expect(await names.of(guest)).toBe(encodeId('Cart', '42'));
    expect(asked).toEqual([{ kind: 'guest', maskedId: 'a'.repeat(32) }]);
  });

  it('keeps a customer’s cart, and a cart the shop no longer has, as named', async () => {
    const names = new CartNames({ cart: async () => null });
    expect(await names.of(encodeId('Cart', '7'))).toBe(encodeId('Cart', '7'));
    expect(await names.of(guest)).toBe(guest);
  });
});
