import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { clockFromEnv } from '../../lib/clock';
import { eventBus } from '../../lib/events';
import { decodeId, encodeId, locationId } from '../../lib/ids';
import { LiveEvents, SUBJECTS, type SaleEvent } from '../../lib/live-events';
import {
  ChannelKpisDocument,
  type ChannelKpisQuery,
  type ChannelKpisQueryVariables,
  type KpiChannel,
  type KpiFigureFieldsFragment,
  type KpiGrouping,
} from '../../operations/generated';
import { startSystem, type RunningSystem } from '../../scripts/system';
import { KpiReadModel } from '../../subgraphs/kpis/read-model';
import { HISTORY_MARK } from '../../subgraphs/kpis/history';
import { SUBGRAPH_SERVICES } from '../../subgraphs/services';
import { eventually } from '../support/eventually';
import { errorCodes, execute, type GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, managerAt, shoppersOf, signerFor, SHOPPER_ADDRESS } from '../support/journey-personas';
import { subscribeOverWebSocket } from '../support/live';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 17's channel KPIs end to end, through the gateway, on a seeded world: every figure the back
 * office reads equals the one computed here from the seed alone (legacy/seed/model.ts), for several
 * periods and groupings; today's figures move within seconds of a sale; the systems' history is
 * read whole once, then only what came since; and only managers (their own stores) and the back
 * office may read any of it.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The retailer's clock: Asia/Ho_Chi_Minh, UTC+7 all year. */
const RETAIL_OFFSET = 7 * HOUR;
const CHANNEL_ORDER: KpiChannel[] = ['WEB', 'APP', 'STORE', 'MARKETPLACE', 'ASSISTED'];

const BACK_OFFICE = 'steward';

/** A sale, a return or a cart as the seed has it: what the figures count. */
interface Fact {
  channel: KpiChannel;
  storeId: string | null;
  /** Epoch ms; the systems keep instants to the second. */
  at: number;
}
interface SeededSale extends Fact {
  revenue: number;
  units: number;
  clickAndCollect: boolean;
  cancelled: boolean;
}
interface SeededReturn extends Fact {
  refund: number;
  units: number;
}
interface SeededCart extends Fact {
  converted: boolean;
}
interface Seeded {
  sales: SeededSale[];
  returns: SeededReturn[];
  carts: SeededCart[];
}

const plantOf = (storeId: string | null) => (storeId === null ? null : decodeId('Location', storeId));
const toSecond = (at: Date) => Math.floor(at.getTime() / 1000) * 1000;
const storeOf = (retailStoreId: string) => locationId(`S${retailStoreId}`);
const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((total, item) => total + of(item), 0);

/**
 * The seed's sales as the KPIs must count them, worked out from the world alone: web orders (the
 * seed marks no channel: all WEB, at their pickup store when collected), till sales and returns
 * (STORE, at their store), web refunds (credit memos, on their order's channel and store),
 * marketplace orders (total = discounted lines + shipping) and those sent back, and the web shop's
 * carts (none of the seeded orders came from one).
 */
function seededOf(world: World): Seeded {
  const web = new Map(world.ecommerce.orders.map((order) => [order.entityId, order]));
  const pickupStore = (code: string | null) => (code === null ? null : storeOf(code.replace(/^store_/, '')));
  return {
    sales: [
      ...world.ecommerce.orders.map((order) => ({
        channel: 'WEB' as const,
        storeId: order.shippingMethod === 'instore_pickup' ? pickupStore(order.pickupLocationCode) : null,
        at: toSecond(order.createdAt),
        revenue: order.grandTotal,
        units: sum(order.items, (item) => item.qtyOrdered),
        clickAndCollect: order.shippingMethod === 'instore_pickup',
        cancelled: order.status === 'canceled',
      })),
      ...world.pos.transactions
        .filter((receipt) => receipt.kind === 'Sale')
        .map((receipt) => ({
          channel: 'STORE' as const,
          storeId: storeOf(receipt.retailStoreId),
          at: toSecond(receipt.endAt),
          revenue: receipt.total,
          units: sum(receipt.lines, (line) => line.quantity),
          clickAndCollect: false,
          cancelled: false,
        })),
      ...world.marketplace.orders.map((order) => ({
        channel: 'MARKETPLACE' as const,
        storeId: null,
        at: toSecond(order.createdAt),
        revenue: sum(order.items, (line) => line.discountedPrice * line.quantity) + order.shippingFee,
        units: sum(order.items, (line) => line.quantity),
        clickAndCollect: false,
        cancelled: order.status === 'CANCELLED',
      })),
    ],
    returns: [
      ...world.ecommerce.creditMemos.map((memo) => {
        const order = web.get(memo.orderId)!;
        return {
          channel: 'WEB' as const,
          storeId: order.shippingMethod === 'instore_pickup' ? pickupStore(order.pickupLocationCode) : null,
          at: toSecond(memo.createdAt),
          refund: memo.grandTotal,
          units: sum(memo.items, (item) => item.qty),
        };
      }),
      ...world.pos.transactions
        .filter((receipt) => receipt.kind === 'Return')
        .map((receipt) => ({
          channel: 'STORE' as const,
          storeId: storeOf(receipt.retailStoreId),
          at: toSecond(receipt.endAt),
          // The till prints cents; the graph's VND has none (half away from zero).
          refund: Math.round(Math.round(-receipt.total * 100) / 100),
          units: sum(receipt.lines, (line) => line.quantity),
        })),
      // A buyer who sent an order back (TO_RETURN) is refunded all of it by the marketplace, when the order last changed.
      ...world.marketplace.orders
        .filter((order) => order.status === 'TO_RETURN')
        .map((order) => ({
          channel: 'MARKETPLACE' as const,
          storeId: null,
          at: toSecond(order.updatedAt),
          refund: sum(order.items, (line) => line.discountedPrice * line.quantity) + order.shippingFee,
          units: sum(order.items, (line) => line.quantity),
        })),
    ],
    carts: world.ecommerce.carts.map((cart) => ({
      channel: 'WEB' as const,
      storeId: null,
      at: toSecond(cart.createdAt),
      converted: false,
    })),
  };
}

interface Question {
  from: number;
  to: number;
  groupBy: KpiGrouping[];
  channels?: KpiChannel[];
  storeIds?: string[];
}

const retailTime = (at: number) => `${new Date(at + RETAIL_OFFSET).toISOString().slice(0, 19)}+07:00`;
/** Midnight starting the retailer's day `days` after the one `at` is in. */
const retailMidnight = (at: number, days = 0) => Math.floor((at + RETAIL_OFFSET) / DAY) * DAY - RETAIL_OFFSET + days * DAY;

/** A row as the test compares it: its dimensions as text, its figures as the API prints them. */
interface Row {
  channel: KpiChannel | null;
  store: { id: string; name: string } | null;
  periodStart: string | null;
  periodEnd: string | null;
  figures: KpiFigureFieldsFragment;
}

const vnd = (amount: number) => ({ amount: String(amount), currencyCode: 'VND' });
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function figuresOf(sales: SeededSale[], returns: SeededReturn[], carts: SeededCart[]): KpiFigureFieldsFragment {
  const counted = sales.filter((sale) => !sale.cancelled);
  const revenue = sum(counted, (sale) => sale.revenue);
  const refunds = sum(returns, (refund) => refund.refund);
  const clickAndCollect = counted.filter((sale) => sale.clickAndCollect).length;
  const converted = carts.filter((cart) => cart.converted).length;
  return {
    revenue: vnd(revenue),
    orders: counted.length,
    units: sum(counted, (sale) => sale.units),
    averageOrderValue: counted.length === 0 ? null : vnd(Math.round(revenue / counted.length)),
    returns: returns.length,
    returnedUnits: sum(returns, (refund) => refund.units),
    refunds: vnd(refunds),
    refundRate: ratio(refunds, revenue),
    clickAndCollectOrders: clickAndCollect,
    clickAndCollectShare: ratio(clickAndCollect, counted.length),
    cartsOpened: carts.length,
    cartsConverted: converted,
    cartConversionRate: ratio(converted, carts.length),
  };
}

/** The report the seed says the question must get: totals and rows, in the API's order. */
function expectedReport(seeded: Seeded, names: Map<string, string>, question: Question) {
  const period = question.groupBy.includes('DAY') ? DAY : question.groupBy.includes('HOUR') ? HOUR : null;
  const selected = <T extends Fact>(facts: T[]) =>
    facts.filter(
      (fact) =>
        fact.at >= question.from &&
        fact.at < question.to &&
        (!question.channels || question.channels.includes(fact.channel)) &&
        (!question.storeIds || (fact.storeId !== null && question.storeIds.includes(fact.storeId))),
    );
  const keyOf = (fact: Fact) => ({
    period: period === null ? null : Math.floor((fact.at + RETAIL_OFFSET) / period),
    channel: question.groupBy.includes('CHANNEL') ? fact.channel : null,
    storeId: question.groupBy.includes('STORE') ? fact.storeId : null,
  });
  const groups = new Map<string, { key: ReturnType<typeof keyOf>; sales: SeededSale[]; returns: SeededReturn[]; carts: SeededCart[] }>();
  const into = (fact: Fact) => {
    const key = keyOf(fact);
    const text = JSON.stringify(key);
    if (!groups.has(text)) groups.set(text, { key, sales: [], returns: [], carts: [] });
    return groups.get(text)!;
  };
  // A cancelled order is no activity: only a group with something counted is a row.
  const sales = selected(seeded.sales).filter((sale) => !sale.cancelled);
  const returns = selected(seeded.returns);
  const carts = selected(seeded.carts);
  for (const sale of sales) into(sale).sales.push(sale);
  for (const refund of returns) into(refund).returns.push(refund);
  for (const cart of carts) into(cart).carts.push(cart);
  const rows: Row[] = [...groups.values()]
    .sort(
      (a, b) =>
        (a.key.period ?? 0) - (b.key.period ?? 0) ||
        CHANNEL_ORDER.indexOf(a.key.channel ?? 'WEB') - CHANNEL_ORDER.indexOf(b.key.channel ?? 'WEB') ||
        // Stores by their code (S101, S102, …), the sales tied to none last.
        (plantOf(a.key.storeId) ?? '~').localeCompare(plantOf(b.key.storeId) ?? '~'),
    )
    .map(({ key, ...facts }) => {
      const start = period === null || key.period === null ? null : key.period * period - RETAIL_OFFSET;
      return {
        channel: key.channel,
        store: key.storeId === null ? null : { id: key.storeId, name: names.get(key.storeId)! },
        periodStart: start === null ? null : retailTime(Math.max(start, question.from)),
        periodEnd: start === null ? null : retailTime(Math.min(start + period!, question.to)),
        figures: figuresOf(facts.sales, facts.returns, facts.carts),
      };
    });
  return { totals: figuresOf(sales, returns, carts), rows };
}

let keys = 0;
const key = (label: string) => `${label}-${Date.now()}-${(keys += 1)}`;

/** Whether the systems publish their sales yet (the live-publishers work): until then the test through a real sale cannot pass. */
const SOURCES_PUBLISH_SALES = ['subgraphs', 'connectors'].some((dir) =>
  readdirSync(resolve(__dirname, '../..', dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.startsWith('kpis') && !file.includes('generated'))
    .some((file) => /\.sale\(/.test(readFileSync(resolve(__dirname, '../..', dir, file), 'utf8'))),
);

describe('channel KPIs (issue 17)', () => {
  let world: World;
  let seeded: Seeded;
  let names: Map<string, string>;
  let system: RunningSystem;
  const signAs = signerFor(() => system);
  /** The system's clock: the world's moment, moving on. */
  let now: () => number;

  async function kpis(question: Question, as: string | null = BACK_OFFICE): Promise<GraphQLAnswer<ChannelKpisQuery>> {
    const variables: ChannelKpisQueryVariables = {
      from: retailTime(question.from),
      to: retailTime(question.to),
      groupBy: question.groupBy,
      channels: question.channels,
      locationIds: question.storeIds,
    };
    return execute(system.gatewayUrl, ChannelKpisDocument, variables, await signAs(as));
  }

  async function report(question: Question, as: string | null = BACK_OFFICE) {
    const answer = await kpis(question, as);
    expect(answer.errors).toBeUndefined();
    return answer.data!.channelKpis!;
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    seeded = seededOf(world);
    names = new Map(world.stores.map((store) => [storeOf(store.retailStoreId), store.name]));
    system = await startSystem({
      world,
      personas: journeyPersonas(world, []),
      env: {
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_PICKUP_SWEEP_MS: '0',
        // The web-order follower reads the shop's orders on its own timer: the history's reads are counted here.
        COMMERCE_LOYALTY_FOLLOW_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '20000',
        ...QUIET_MARKETPLACE,
      },
    });
    const clock = clockFromEnv(system.env);
    now = () => clock().getTime();
  }, 120_000);
  afterAll(() => system?.stop());

  describe('every figure equals the seed’s, as the back office reads it', () => {
    const questions: [string, (now: number) => Question][] = [
      [
        'the last 14 days by channel, store and day',
        (at) => ({ from: retailMidnight(at, -13), to: retailMidnight(at, 1), groupBy: ['CHANNEL', 'STORE', 'DAY'] }),
      ],
      ['yesterday by channel and hour', (at) => ({ from: retailMidnight(at, -1), to: retailMidnight(at), groupBy: ['CHANNEL', 'HOUR'] })],
      ['the whole history in one row', (at) => ({ from: retailMidnight(at, -400), to: retailMidnight(at, 1), groupBy: [] })],
      [
        'the last 30 days by channel (the default grouping)',
        (at) => ({ from: retailMidnight(at, -29), to: retailMidnight(at, 1), groupBy: ['CHANNEL'] }),
      ],
      [
        'two stores’ till and web sales this morning, by store and hour, from a quarter past eight',
        (at) => ({
          from: retailMidnight(at) + 8.25 * HOUR,
          to: retailMidnight(at) + 10.25 * HOUR,
          groupBy: ['STORE', 'HOUR'],
          channels: ['STORE', 'WEB'],
          storeIds: [storeOf(world.stores[0].retailStoreId), storeOf(world.stores[1].retailStoreId)],
        }),
      ],
      [
        'a week of refunds and carts by channel and day, from one afternoon to another',
        (at) => ({ from: retailMidnight(at, -8) + 15.5 * HOUR, to: retailMidnight(at, -1) + 15.5 * HOUR, groupBy: ['CHANNEL', 'DAY'] }),
      ],
    ];

    it.each(questions)('%s', async (_name, ask) => {
      const question = ask(world.now.getTime());
      const expected = expectedReport(seeded, names, question);
      const answer = await report(question);
      expect(answer.timeZone).toBe('Asia/Ho_Chi_Minh');
      expect(answer.totals).toEqual(expected.totals);
      expect(answer.rows).toEqual(expected.rows);
    });

    it('counts what the seed has in every figure: the questions above are not all zeros', () => {
      const all = expectedReport(seeded, names, { from: 0, to: world.now.getTime() + DAY, groupBy: ['CHANNEL'] });
      expect(all.rows.map((row) => row.channel)).toEqual(['WEB', 'STORE', 'MARKETPLACE']);
      for (const figure of ['orders', 'returns', 'clickAndCollectOrders', 'cartsOpened'] as const)
        expect(all.totals[figure]).toBeGreaterThan(0);
      expect(seeded.sales.some((sale) => sale.cancelled)).toBe(true);
      expect(new Set(seeded.returns.map((refund) => refund.channel))).toEqual(new Set(['WEB', 'STORE', 'MARKETPLACE']));
    });

    it('answers in milliseconds from the read model (logged: the KPI query latency on this world)', async () => {
      const question: Question = {
        from: retailMidnight(world.now.getTime(), -29),
        to: retailMidnight(world.now.getTime(), 1),
        groupBy: ['CHANNEL', 'STORE', 'DAY'],
      };
      const times: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const started = performance.now();
        await report(question);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `channelKpis, 30 days by channel, store and day, through the gateway: p50 ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms`,
      );
      expect(times[10]).toBeLessThan(500);
    });
  });

  describe('who may read it', () => {
    const today = () => ({ from: retailMidnight(now()), to: retailMidnight(now(), 1), groupBy: ['STORE'] as KpiGrouping[] });

    it.each([
      ['anonymous', null, 'UNAUTHENTICATED'],
      ['a customer', 'customer-1', 'FORBIDDEN'],
      ['a store associate (store:counter)', associateAt('S101'), 'FORBIDDEN'],
      ['a call-center agent', 'agent', 'FORBIDDEN'],
    ])('refuses %s, naming no figure', async (_who, login, code) => {
      const answer = await kpis(today(), login);
      expect(answer.data?.channelKpis ?? null).toBeNull();
      expect(errorCodes(answer)).toEqual([code]);
    });

    it('shows a store manager their own store only, whoever else sold', async () => {
      for (const store of world.stores.slice(0, 2)) {
        const own = storeOf(store.retailStoreId);
        const question = {
          from: retailMidnight(world.now.getTime(), -13),
          to: retailMidnight(world.now.getTime()),
          groupBy: ['STORE', 'CHANNEL'] as KpiGrouping[],
        };
        const answer = await report(question, managerAt(`S${store.retailStoreId}`));
        const expected = expectedReport(seeded, names, { ...question, storeIds: [own] });
        expect(answer.rows.map((row) => row.store?.id)).toEqual(expected.rows.map(() => own));
        expect(answer.rows).toEqual(expected.rows);
        expect(answer.totals).toEqual(expected.totals);
      }
    });

    it('refuses a store manager another store’s figures', async () => {
      const other = storeOf(world.stores[1].retailStoreId);
      const answer = await kpis({ ...today(), storeIds: [other] }, managerAt(`S${world.stores[0].retailStoreId}`));
      expect(answer.data?.channelKpis ?? null).toBeNull();
      expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    });

    it('refuses a question it cannot answer, saying which argument', async () => {
      const at = world.now.getTime();
      for (const [question, field] of [
        [{ from: at, to: at - HOUR, groupBy: [] }, 'from'],
        [{ from: at - DAY, to: at, groupBy: ['DAY', 'HOUR'] }, 'groupBy'],
        [{ from: at - 100 * DAY, to: at, groupBy: ['HOUR'] }, 'groupBy'],
        [{ from: at - DAY, to: at, groupBy: [], storeIds: ['not-a-location'] }, 'locationIds'],
      ] as [Question, string][]) {
        const answer = await kpis(question);
        expect(answer.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
      }
      const zoneless = await execute(
        system.gatewayUrl,
        ChannelKpisDocument,
        { from: '2026-11-20T00:00:00', to: '2026-11-21T00:00:00' },
        await signAs(BACK_OFFICE),
      );
      expect(errorCodes(zoneless)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('the systems’ history: whole once, then only what came since', () => {
    const admin = (legacySystem: string) =>
      fetch(`${system.legacyUrls[legacySystem]}/__admin/calls`, { headers: adminHeaders(system.env) }).then(
        async (response) => ((await response.json()) as { byOperation: Record<string, number> }).byOperation,
      );
    const calls = async () => ({ ...(await admin('ecommerce')), ...(await admin('pos')) });
    const since = (before: Record<string, number>, after: Record<string, number>, operations: string[]) =>
      Object.fromEntries(operations.map((operation) => [operation, (after[operation] ?? 0) - (before[operation] ?? 0)]));
    const HISTORY_READS = ['orders.list', 'creditmemos.list', 'carts.search', 'listStores', 'readTransactionFeed'];

    /** A SKU with units to spare at the store and at a warehouse, as the graph counts them now. */
    async function stockedSku(plant: string): Promise<string> {
      for (const product of world.products) {
        const answer = await execute<
          { productVariant: { stockLevels: { location: { id: string; kind: string }; available: number }[] } },
          object
        >(system.gatewayUrl, `query($sku: String!) { productVariant(sku: $sku) { stockLevels { location { id kind } available } } }`, {
          sku: product.sku,
        });
        const levels = answer.data!.productVariant.stockLevels;
        if (
          levels.some((level) => level.location.id === locationId(plant) && level.available >= 2) &&
          levels.some((level) => level.location.kind === 'WAREHOUSE' && level.available >= 2)
        )
          return product.sku;
      }
      throw new Error('no stocked SKU in the world');
    }

    /** As the app and an associate order through the graph: what the checkout's note tells the history's read of their channel. */
    async function orderThroughTheGraph(plant: string): Promise<void> {
      const sku = await stockedSku(plant);
      const run = async <T>(text: string, input: object, as: string | null) => {
        const answer = await execute<Record<string, T & { userErrors: unknown[] }>, object>(
          system.gatewayUrl,
          text,
          { input },
          await signAs(as),
        );
        expect(answer.errors).toBeUndefined();
        const payload = Object.values(answer.data!)[0];
        expect(payload.userErrors).toEqual([]);
        return payload;
      };
      const { cart } = await run<{ cart: { id: string } }>(
        'mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } userErrors { code } } }',
        { idempotencyKey: key('cart') },
        null,
      );
      await run(
        'mutation($input: AddCartLineInput!) { addCartLine(input: $input) { userErrors { code } } }',
        { cartId: cart.id, sku, quantity: 1, idempotencyKey: key('line') },
        null,
      );
      await run(
        'mutation($input: CheckoutInput!) { checkout(input: $input) { userErrors { code } } }',
        {
          cartId: cart.id,
          fulfilment: 'PICKUP_IN_STORE',
          pickupLocationId: locationId(plant),
          address: SHOPPER_ADDRESS,
          paymentMethod: 'PAY_IN_STORE',
          channel: 'APP',
          idempotencyKey: key('checkout'),
        },
        null,
      );
      await run(
        'mutation($input: AssistedOrderInput!) { placeAssistedOrder(input: $input) { userErrors { code } } }',
        {
          customerId: shoppersOf(world)[0].customerId,
          storeLocationId: locationId(plant),
          associateId: 'NV101',
          lines: [{ sku, quantity: 1 }],
          address: SHOPPER_ADDRESS,
          idempotencyKey: key('aisle'),
        },
        associateAt(plant),
      );
    }

    it('whole at the first start, telling app and assisted orders from the web by their note; at a restart only what came since', async () => {
      const plant = `S${world.stores[0].retailStoreId}`;
      await orderThroughTheGraph(plant);
      const dir = mkdtempSync(join(tmpdir(), 'kpis-state-'));
      const env = { ...system.env, KPIS_STATE_FILE: join(dir, 'kpis-state.sqlite') };
      const everything = {
        from: 0,
        to: now() + HOUR,
        period: null,
        byChannel: true,
        byStore: true,
        channels: null,
        storeIds: null,
      } as const;
      const kept = async () => {
        const model = await KpiReadModel.open(env, pino({ level: 'silent' }));
        const sums = await model.aggregate(everything);
        await model.close();
        return sums;
      };
      /** What the last read of the history recorded: it runs after the subgraph is ready. */
      const historyMark = async () => {
        const model = await KpiReadModel.open(env, pino({ level: 'silent' }));
        const mark = await model.mark(HISTORY_MARK);
        await model.close();
        return mark;
      };
      try {
        const before = await calls();
        const started = performance.now();
        const first = await SUBGRAPH_SERVICES.kpis(env);
        await eventually(historyMark, (mark) => mark !== null);
        const took = performance.now() - started;
        const read = since(before, await calls(), HISTORY_READS);
        await first.close();
        // Other subgraphs follow the tills' feed on their own timers: only its share here is approximate.
        console.log(
          `the whole history of the small world: ${took.toFixed(0)} ms, legacy calls ${JSON.stringify(read)} and the marketplace subgraph's order pages`,
        );
        expect(read['orders.list']).toBeGreaterThan(1);

        // What the first start took in, kept in the file: the seed's, and the two orders by their channel.
        const whole = await kept();
        const seededRows = expectedReport(seeded, names, { from: 0, to: now() + HOUR, groupBy: ['CHANNEL', 'STORE'] }).rows;
        const seen = (rows: { channel: string | null; storeId: string | null; orders: number }[]) =>
          rows.map((row) => `${row.channel} ${plantOf(row.storeId)} ${row.orders}`).sort();
        expect(seen(whole.sales)).toEqual(
          seen([
            ...seededRows
              .map((row) => ({ channel: row.channel, storeId: row.store?.id ?? null, orders: row.figures.orders }))
              .filter((row) => row.orders > 0),
            { channel: 'APP', storeId: locationId(plant), orders: 1 },
            { channel: 'ASSISTED', storeId: locationId(plant), orders: 1 },
          ]),
        );
        expect(whole.sales.find((row) => row.channel === 'APP')).toMatchObject({ clickAndCollect: 1 });
        // Both orders were placed from a cart of the web shop's: the history's carts are the website's.
        const carts = whole.carts.filter((row) => row.channel === 'WEB');
        expect(carts).toEqual([
          { period: null, channel: 'WEB', storeId: null, opened: carts[0].converted + seeded.carts.length, converted: carts[0].converted },
        ]);
        expect(carts[0].converted).toBeGreaterThanOrEqual(1);

        // Sold while it was down: read at the next start, one page a source, nothing before it again.
        await orderThroughTheGraph(plant);
        const again = await calls();
        const markBefore = await historyMark();
        const second = await SUBGRAPH_SERVICES.kpis(env);
        await eventually(historyMark, (mark) => mark !== markBefore);
        const reread = since(again, await calls(), ['orders.list', 'creditmemos.list', 'carts.search', 'listStores']);
        await second.close();
        expect(reread).toEqual({ 'orders.list': 1, 'creditmemos.list': 1, 'carts.search': 1, listStores: 1 });
        const caughtUp = await kept();
        for (const channel of ['APP', 'ASSISTED'])
          expect(caughtUp.sales.find((row) => row.channel === channel)).toMatchObject({ storeId: locationId(plant), orders: 2 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('live: today’s figures move within seconds of a sale', () => {
    const store = () => storeOf(world.stores[0].retailStoreId);
    const todayAt = (groupBy: KpiGrouping[]): Question => ({ from: retailMidnight(now()), to: retailMidnight(now(), 1), groupBy });
    const rowOf = (rows: Row[], channel: KpiChannel, storeId: string | null) =>
      rows.find((row) => row.channel === channel && (row.store?.id ?? null) === storeId)?.figures;
    const todays = async (channel: KpiChannel, storeId: string | null) =>
      rowOf((await report(todayAt(['CHANNEL', 'STORE']))).rows, channel, storeId) ?? figuresOf([], [], []);

    /** A sale as a source publishes it: the graph's ids, placed now on the system's clock. */
    const saleNow = (orderId: string, overrides: Partial<SaleEvent> = {}): SaleEvent => ({
      orderId,
      channel: 'STORE',
      locationId: store(),
      placedAt: new Date(now()).toISOString(),
      revenue: { amount: '250000', currency: 'VND' },
      units: 2,
      clickAndCollect: false,
      cartId: null,
      ...overrides,
    });

    it('counts a sale published as the sources publish it, within seconds, once however often it arrives', async () => {
      const before = await todays('STORE', store());
      const events = new LiveEvents(pino({ level: 'silent' }), system.env);
      const sale = saleNow(encodeId('StoreOrder', key('101-9-live')));
      const published = Date.now();
      await events.sale(sale);
      const after = await eventually(
        () => todays('STORE', store()),
        (figures) => figures.orders === before.orders + 1,
        10,
      );
      console.log(`a published sale was in today's figures ${Date.now() - published} ms later`);
      expect(after).toMatchObject({ orders: before.orders + 1, units: before.units + 2 });
      expect(Number(after.revenue.amount)).toBe(Number(before.revenue.amount) + 250_000);
      // The same sale again (another replica, a replayed feed), under no publish id: still one order.
      const bus = await eventBus(system.env);
      await bus.publish(SUBJECTS.sale('STORE'), { ...sale });
      await bus.publish(SUBJECTS.sale('STORE'), { ...sale });
      const marker = key('cart');
      await events.cart({ cartId: marker, channel: 'STORE', locationId: store(), at: new Date(now()).toISOString() });
      const settled = await eventually(
        () => todays('STORE', store()),
        (figures) => figures.cartsOpened === before.cartsOpened + 1,
        10,
      );
      expect(settled).toMatchObject({ orders: before.orders + 1, cartsOpened: before.cartsOpened + 1 });
    });

    it('sends a subscriber of channelKpisChanged the new figures once the model has the sale, and a manager only their store’s', async () => {
      const today = todayAt(['CHANNEL', 'STORE']);
      const subscription = `subscription($from: DateTime!, $to: DateTime!, $groupBy: [KpiGrouping!]!) {
        channelKpisChanged(from: $from, to: $to, groupBy: $groupBy) { totals { orders revenue { amount } } rows { channel store { id } figures { orders } } }
      }`;
      type Changed = {
        channelKpisChanged: {
          totals: { orders: number; revenue: { amount: string } };
          rows: { channel: KpiChannel; store: { id: string } | null; figures: { orders: number } }[];
        };
      };
      const variables = { from: retailTime(today.from), to: retailTime(today.to), groupBy: today.groupBy };
      const manager = managerAt(world.stores[0].plant);
      const before = { all: await report(today), mine: await report(today, manager) };
      const backOffice = subscribeOverWebSocket<Changed>(system.gatewayUrl, subscription, variables, {
        authorization: (await signAs(BACK_OFFICE)).authorization,
      });
      const managers = subscribeOverWebSocket<Changed>(system.gatewayUrl, subscription, variables, {
        authorization: (await signAs(manager)).authorization,
      });
      try {
        // Nothing is sent until the figures change: give both a moment to read their first answer and open.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const events = new LiveEvents(pino({ level: 'silent' }), system.env);
        await events.sale(saleNow(encodeId('StoreOrder', key('101-9-subscribed')), { revenue: { amount: '180000', currency: 'VND' } }));
        const sent = await backOffice.until((message) => message.data?.channelKpisChanged.totals.orders === before.all.totals.orders + 1);
        expect(sent.errors).toBeUndefined();
        expect(Number(sent.data!.channelKpisChanged.totals.revenue.amount)).toBe(Number(before.all.totals.revenue.amount) + 180_000);
        expect(sent.extensions?.eventId).toMatch(/^\d+$/);
        // The manager's own store sold: their figures move too, and hold their store's rows only.
        const theirs = await managers.until((message) => message.data?.channelKpisChanged.totals.orders === before.mine.totals.orders + 1);
        expect(new Set(theirs.data!.channelKpisChanged.rows.map((row) => row.store?.id ?? null))).toEqual(new Set([store()]));
        // A sale tied to no store changes the back office's figures, not the manager's: nothing is sent to them.
        const seen = managers.messages.length;
        await events.sale(saleNow(encodeId('WebOrder', key('delivery')), { channel: 'WEB', locationId: null }));
        await backOffice.until((message) => message.data?.channelKpisChanged.totals.orders === before.all.totals.orders + 2);
        expect(managers.messages.length).toBe(seen);
      } finally {
        await backOffice.close();
        await managers.close();
      }
    });

    it('refuses a subscription to another store’s figures, as the query', async () => {
      const today = todayAt(['CHANNEL']);
      const other = storeOf(world.stores[1].retailStoreId);
      const refused = subscribeOverWebSocket<unknown>(
        system.gatewayUrl,
        `subscription($from: DateTime!, $to: DateTime!, $at: [ID!]) { channelKpisChanged(from: $from, to: $to, locationIds: $at) { totals { orders } } }`,
        { from: retailTime(today.from), to: retailTime(today.to), at: [other] },
        { authorization: (await signAs(managerAt(world.stores[0].plant))).authorization },
      );
      try {
        const codes = ((await refused.ended) as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code);
        expect(codes).toContain('FORBIDDEN');
        expect(refused.messages).toEqual([]);
      } finally {
        await refused.close();
      }
    });

    it('follows a cart to its order, the order’s return and its cancellation', async () => {
      const events = new LiveEvents(pino({ level: 'silent' }), system.env);
      const before = { web: await todays('WEB', null), app: await todays('APP', store()) };
      // A guest's cart, as the graph names it (by its masked id): the model names it by the shop's number.
      const opened = await execute<{ createCart: { cart: { id: string } } }, object>(
        system.gatewayUrl,
        'mutation($input: CreateCartInput!) { createCart(input: $input) { cart { id } } }',
        { input: { idempotencyKey: key('live-cart') } },
      );
      const cartId = opened.data!.createCart.cart.id;
      // The order first, its cart's event after: events from two sources arrive in any order.
      const orderId = encodeId('WebOrder', key('live'));
      await events.sale(
        saleNow(orderId, { channel: 'APP', clickAndCollect: true, cartId, revenue: { amount: '499000', currency: 'VND' }, units: 1 }),
      );
      await events.cart({ cartId, channel: 'WEB', locationId: null, at: new Date(now()).toISOString() });
      const converted = await eventually(
        () => todays('WEB', null),
        (figures) => figures.cartsConverted === before.web.cartsConverted + 1,
        10,
      );
      expect(converted).toMatchObject({ cartsOpened: before.web.cartsOpened + 1, cartsConverted: before.web.cartsConverted + 1 });
      const app = await todays('APP', store());
      expect(app).toMatchObject({ orders: before.app.orders + 1, clickAndCollectOrders: before.app.clickAndCollectOrders + 1 });
      await events.saleReturn({
        returnId: encodeId('CreditMemo', key('live')),
        orderId,
        channel: 'APP',
        locationId: store(),
        at: new Date(now()).toISOString(),
        refund: { amount: '499000', currency: 'VND' },
        units: 1,
      });
      const returned = await eventually(
        () => todays('APP', store()),
        (figures) => figures.returns === app.returns + 1,
        10,
      );
      expect(returned).toMatchObject({
        returnedUnits: app.returnedUnits + 1,
        refunds: { amount: String(Number(app.refunds.amount) + 499_000), currencyCode: 'VND' },
      });
      await events.orderStatus({ orderId, status: 'CANCELLED', customerId: null });
      const cancelled = await eventually(
        () => todays('APP', store()),
        (figures) => figures.orders === app.orders - 1,
        10,
      );
      expect(cancelled).toMatchObject({
        orders: app.orders - 1,
        revenue: { amount: String(Number(app.revenue.amount) - 499_000), currencyCode: 'VND' },
      });
    });

    // INTEGRATOR: runs once the systems publish their sales (the live-publishers work); skipped until then.
    (SOURCES_PUBLISH_SALES ? it : it.skip)('counts a real till sale at the counter, through the gateway, within seconds', async () => {
      const plant = `S${world.stores[0].retailStoreId}`;
      const shelf = world.truth.shelfStock.find((row) => row.plant === plant && row.quantity >= 3)!;
      const before = await todays('STORE', store());
      const answer = await execute<
        { sellAtCounter: { order: { totals: { total: { amount: string } } } | null; userErrors: unknown[] } },
        object
      >(
        system.gatewayUrl,
        `mutation($input: CounterSaleInput!) { sellAtCounter(input: $input) { order { totals { total { amount } } } userErrors { code message } } }`,
        {
          input: {
            storeLocationId: store(),
            workstationId: 1,
            associateId: 'NV101',
            lines: [{ sku: shelf.sku, quantity: 1 }],
            tender: 'CASH',
            idempotencyKey: key('counter'),
          },
        },
        await signAs(associateAt(plant)),
      );
      expect(answer.data?.sellAtCounter.userErrors).toEqual([]);
      const total = Number(answer.data!.sellAtCounter.order!.totals.total.amount);
      const after = await eventually(
        () => todays('STORE', store()),
        (figures) => figures.orders === before.orders + 1,
        10,
      );
      expect(after).toMatchObject({ orders: before.orders + 1, units: before.units + 1 });
      expect(Number(after.revenue.amount)).toBe(Number(before.revenue.amount) + total);
    });
  });
});
