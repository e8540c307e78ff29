import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SUBJECTS } from '../../lib/live-events';
import type { HandOverMutation } from '../../operations/generated';
import { machineFacts } from '../machine';
import { operationText, postOperation, protocolFailure } from '../omnichannel/graphql';
import { startSystemProcesses, SystemProcess, tokenFor } from '../omnichannel/system-processes';
import { benchWorld, copyWorld, removeWorldCopy } from '../omnichannel/world';
import { BusObserver, loopbackNats, observeBus, removeNamespace } from './bus';
import { Cause, Deliveries, Handover, HandoverDeliveries, pairKey, SaleDeliveries } from './deliveries';
import { kpiHistoryRead, measureChannelKpis } from './kpis';
import { cpuMs, GatewayProbe, rssBytes } from './probe';
import { LiveReport, MemorySnapshot, PathReport, PhaseCost, writeLiveResults } from './report';
import { associateOf, chooseShelves, liveWorld, PlacedOrder, placeOrders, Shelves, storeStock, StoreLevel } from './setup';
import { summary } from './stats';
import { Subscriber, SubscriberSpec } from './subscribers';

/**
 * Part 4, live (issue 17): 1,000 subscribers on one gateway process, and how long a change takes
 * to reach them. The system runs as part 2 starts it (stand-ins 20 ± 5 ms, the large world), with
 * the broker (NATS JetStream, a namespace of the run's own) and the till feed followed, and the
 * gateway in a process of its own; this process opens the subscriptions, rings sales up at the
 * POS stand-in and hands click & collect orders over through the graph, and times each cause to
 * each subscriber's answer.
 */

export interface LiveOptions {
  stockSubscribers: number;
  /** Click & collect orders placed, each followed by its shopper and the call-center agent, then handed over. */
  orders: number;
  sales: number;
  salesPerSecond: number;
  handoversPerSecond: number;
  /** Stores and SKUs the stock subscribers watch and the tills sell from. */
  stores: number;
  skus: number;
  /** POS_FEED_POLL_MS of the pos subgraph's till-feed follower: the wait before a sale is seen at all. */
  posFeedPollMs: number;
  /** Subscriptions opened at once; the next batch waits until the gateway holds these. */
  openBatch: number;
  /** How long after the last cause the answers are waited for (sales: after one poll more). */
  drainMs: number;
  /**
   * Before the sources publish: the runner publishes each cause's event itself once the change is
   * readable (a sale after the follower's next poll, a handover once answered), so the gateway's
   * part (event → subscriber) is measured. Never end-to-end figures.
   */
  selfCheck: boolean;
  natsUrl: string;
  kpiRequests: number;
  legacyLatencyMs: number;
  legacyJitterMs: number;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum = 0): number {
  const given = env[name];
  const value = given === undefined || given === '' ? fallback : Number(given);
  if (!Number.isFinite(value) || value < minimum) throw new Error(`${name} must be a number >= ${minimum}`);
  return value;
}

export function liveOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LiveOptions {
  return {
    stockSubscribers: Math.round(count(env, 'BENCH_LIVE_STOCK_SUBSCRIBERS', 900)),
    orders: Math.round(count(env, 'BENCH_LIVE_ORDERS', 50)),
    sales: Math.round(count(env, 'BENCH_LIVE_SALES', 40)),
    salesPerSecond: count(env, 'BENCH_LIVE_SALES_PER_S', 2, 0.01),
    handoversPerSecond: count(env, 'BENCH_LIVE_HANDOVERS_PER_S', 5, 0.01),
    stores: Math.round(count(env, 'BENCH_LIVE_STORES', 4, 1)),
    skus: Math.round(count(env, 'BENCH_LIVE_SKUS', 8, 1)),
    // The follower's own default (connectors/pos/sales-feed.ts): what a deployment that sets nothing gets.
    posFeedPollMs: Math.round(count(env, 'BENCH_LIVE_POS_POLL_MS', 2_000, 50)),
    openBatch: Math.round(count(env, 'BENCH_LIVE_OPEN_BATCH', 100, 1)),
    drainMs: count(env, 'BENCH_LIVE_DRAIN_S', 5, 1) * 1_000,
    selfCheck: env.BENCH_LIVE_SELF_CHECK === '1',
    natsUrl: loopbackNats(env.BENCH_LIVE_NATS_URL ?? env.EVENTS_NATS_URL ?? 'nats://127.0.0.1:4222'),
    kpiRequests: Math.round(count(env, 'BENCH_LIVE_KPI_REQUESTS', 20, 1)),
    legacyLatencyMs: count(env, 'BENCH_LEGACY_LATENCY_MS', 20),
    legacyJitterMs: count(env, 'BENCH_LEGACY_JITTER_MS', 5),
  };
}

const OPEN_WAIT_MS = 120_000;
const CONNECT_TIMEOUT_MS = 30_000;

/** Bounded: seeding and start-up, setup, opening, both phases with their drains, the KPI step and the stop. */
export function liveBudgetMs(options: LiveOptions): number {
  const subscribers = options.stockSubscribers + 2 * options.orders;
  const openS = Math.ceil(subscribers / options.openBatch) * ((OPEN_WAIT_MS + CONNECT_TIMEOUT_MS) / 1_000);
  const salesS = options.sales / options.salesPerSecond + (2 * options.posFeedPollMs + 1_000 + options.drainMs) / 1_000;
  const handoversS = options.orders / options.handoversPerSecond + options.drainMs / 1_000 + 30;
  return Math.round((600 + 300 + Math.min(openS, 900) + salesS + handoversS + 240 + 120) * 1_000);
}

const LIVE_OPERATIONS = 'live.graphql';

/** Deterministic interleaving: subscribers of every kind open throughout, not one kind after another. */
function interleave<T>(items: readonly T[]): T[] {
  const result = [...items];
  let state = 17;
  for (let i = result.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/**
 * Who subscribes to what. Orders: each followed by its own shopper in the app and by the call-center
 * agent. Stock, over the watched stores and SKUs: a quarter store tablets, each following its store's
 * shelf (every watched SKU) as that store's associate; the shoppers' signed-in product pages (one SKU
 * at every watched store, one page each); guests' product pages, the rest. Guests and a store's
 * tablets ask the same thing with the same rights, so they share a feed; the shoppers do not.
 */
function subscriberSpecs(options: LiveOptions, shelves: Shelves, orders: PlacedOrder[], tokens: Map<string, string>): SubscriberSpec[] {
  const token = (login: string | null) => (login === null ? null : tokens.get(login)!);
  const followOrder = operationText(LIVE_OPERATIONS, 'FollowOrder');
  const followShelf = operationText(LIVE_OPERATIONS, 'FollowShelf');
  const specs: SubscriberSpec[] = [];
  for (const order of orders) {
    for (const [login, role] of [
      [order.shopper.login, 'order: its shopper, in the app'],
      ['agent', 'order: the call-center agent'],
    ] as const)
      specs.push({ kind: 'order', login, token: token(login), query: followOrder, variables: { orderId: order.orderId }, role });
  }
  const storeIds = shelves.stores.map((store) => store.locationId);
  const tablets = Math.round(options.stockSubscribers / 4);
  for (let i = 0; i < tablets; i += 1) {
    const store = shelves.stores[i % shelves.stores.length];
    const login = associateOf(store.plant);
    const variables = { skus: shelves.skus, storeIds: [store.locationId] };
    specs.push({
      kind: 'stock',
      login,
      token: token(login),
      query: followShelf,
      variables,
      role: "stock: a store tablet, its store's shelf",
    });
  }
  const signedIn = Math.min(orders.length, options.stockSubscribers - tablets);
  for (let i = 0; i < signedIn; i += 1) {
    const login = orders[i].shopper.login;
    const variables = { skus: [shelves.skus[i % shelves.skus.length]], storeIds };
    specs.push({ kind: 'stock', login, token: token(login), query: followShelf, variables, role: "stock: a shopper's product page" });
  }
  for (let i = 0; i < options.stockSubscribers - tablets - signedIn; i += 1) {
    const variables = { skus: [shelves.skus[i % shelves.skus.length]], storeIds };
    specs.push({ kind: 'stock', login: null, token: null, query: followShelf, variables, role: "stock: a guest's product page" });
  }
  return interleave(specs);
}

/** What the gateway keys a feed by: the caller, the operation and its variables. */
const feedKey = (spec: SubscriberSpec) => `${spec.login ?? 'guest'}\n${spec.query}\n${JSON.stringify(spec.variables)}`;

function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** A sale as a till posts it (ARTS POSLog): one unit of `sku`, paid in cash; the head office numbers it and dates it by its clock. */
function tillSale(retailStoreId: string, sku: string, price: number): string {
  const amount = price.toFixed(2);
  return `<POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/"><Transaction><RetailStoreID>${retailStoreId}</RetailStoreID>
  <WorkstationID>1</WorkstationID><OperatorID>NV900</OperatorID><CurrencyCode>VND</CurrencyCode><RetailTransaction TypeCode="Sale">
  <LineItem><SequenceNumber>1</SequenceNumber><Sale ItemType="Stock"><ItemID>${sku}</ItemID>
  <RegularSalesUnitPrice CurrencyCode="VND">${amount}</RegularSalesUnitPrice><Quantity>1</Quantity></Sale></LineItem>
  <LineItem><SequenceNumber>2</SequenceNumber><Tender TenderType="Cash" TypeCode="Sale"><Amount CurrencyCode="VND">${amount}</Amount></Tender></LineItem>
  <Total TotalType="TransactionGrandAmount" CurrencyCode="VND">${amount}</Total></RetailTransaction></Transaction></POSLog>`;
}

/** Runs `work` for each item at `perSecond`, an open loop: each starts on time whatever the last one is doing. */
async function paced<T>(items: readonly T[], perSecond: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const wait = started + (i * 1_000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(work(items[i], i));
  }
  await Promise.all(running);
}

/** Waits until `done` or `ms` have passed; whether it was done. */
async function within(ms: number, done: () => boolean, stepMs = 50): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() >= deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

const errorMessage = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * A path's figures: the causes, what was expected and delivered, latencies from each cause's
 * request (or, in a self-check, from the runner's own event), from its answer, to the bus and from
 * the bus to the subscriber.
 */
function pathReport(deliveries: Deliveries, observer: BusObserver, selfCheck: boolean, cost: PhaseCost): PathReport {
  const settled = deliveries.causes.filter((cause) => cause.failure === null);
  // Each cause's own event: the first on its subject the runner saw after the cause was sent, in order.
  const eventAt = new Map<Cause, number>();
  const bySubject = new Map<string, number[]>();
  for (const event of observer.events) bySubject.set(event.subject, [...(bySubject.get(event.subject) ?? []), event.receivedAt]);
  const taken = new Map<string, number>();
  for (const cause of [...settled].sort((a, b) => a.sentAt - b.sentAt)) {
    const times = bySubject.get(cause.subject) ?? [];
    let next = taken.get(cause.subject) ?? 0;
    while (next < times.length && times[next] < cause.sentAt) next += 1;
    if (next < times.length) eventAt.set(cause, times[next]);
    taken.set(cause.subject, next + 1);
  }
  const fromBus = ({ at, eventId }: { at: number; eventId: string | null }) => {
    const event = eventId === null ? undefined : observer.bySequence.get(Number(eventId));
    return event ? [at - event.receivedAt] : [];
  };
  // End to end: from the cause's request. A self-check's causes reach the bus when the runner says
  // so (and an answer read for one event shows every change made by then), so only the gateway's
  // part is measured: from the event each answer was read for.
  const latency = deliveries.deliveries.flatMap((delivery) => (selfCheck ? fromBus(delivery) : [delivery.at - delivery.cause.sentAt]));
  const fromAnswer = deliveries.deliveries.flatMap(({ cause, at }) => (cause.answeredAt === null ? [] : [at - cause.answeredAt]));
  return {
    causes: deliveries.causes.length,
    causeFailures: tally(deliveries.causes.flatMap((cause) => (cause.failure === null ? [] : [cause.failure]))),
    causeRequestMs: summary(settled.flatMap((cause) => (cause.answeredAt === null ? [] : [cause.answeredAt - cause.sentAt]))),
    expectedDeliveries: deliveries.expected,
    deliveries: deliveries.deliveries.length,
    missingDeliveries: Math.max(0, deliveries.expected - deliveries.deliveries.length),
    messages: deliveries.messages.length,
    unattributedMessages: deliveries.unattributed,
    causesReachingSubscribers: new Set(deliveries.deliveries.map((delivery) => delivery.cause)).size,
    latencyMs: summary(latency),
    latencyFromAnswerMs: summary(selfCheck ? [] : fromAnswer),
    causeToBusMs: summary([...eventAt].map(([cause, at]) => at - cause.sentAt)),
    causesSeenOnBus: eventAt.size,
    busToSubscriberMs: summary(deliveries.messages.flatMap(fromBus)),
    cost,
  };
}

async function measureLive(options: LiveOptions): Promise<LiveReport> {
  const startedAt = new Date();
  const log = (text: string) => process.stdout.write(`live: ${text}\n`);
  const world = benchWorld({ seed: 1, size: 'large' });
  const copyStarted = performance.now();
  const runDir = copyWorld(world);
  const copyMs = Math.round(performance.now() - copyStarted);
  const namespace = `bench-live-${randomBytes(4).toString('hex')}`;
  let system: SystemProcess | null = null;
  let observer: BusObserver | null = null;
  const subscribers: Subscriber[] = [];
  try {
    const prepared = liveWorld(world.dir, runDir, { shoppers: options.orders * 2, skus: 60 });
    observer = await observeBus(options.natsUrl, namespace);
    const systemStarted = performance.now();
    system = await startSystemProcesses(
      {
        legacyLatencyMs: options.legacyLatencyMs,
        legacyJitterMs: options.legacyJitterMs,
        omnigraphEnv: { EVENTS_NATS_URL: options.natsUrl, EVENTS_NAMESPACE: namespace, POS_FEED_POLL_MS: String(options.posFeedPollMs) },
        separateGateway: { entry: resolve(__dirname, 'gateway.ts'), nodeOptions: ['--expose-gc'], ipc: true },
      },
      runDir,
      prepared.personas,
    );
    const systemStartMs = Math.round(performance.now() - systemStarted);
    const { gatewayUrl } = system;
    const running = system;
    log(
      `system ready in ${(systemStartMs / 1000).toFixed(1)} s: gateway ${gatewayUrl} (pid ${system.gatewayProcess.pid}), events ${namespace}`,
    );
    const probe = new GatewayProbe(system.gatewayProcess);
    const signedIn = new Map<string, Promise<string>>();
    const tokenOf = (login: string) => {
      if (!signedIn.has(login)) signedIn.set(login, tokenFor(running.identityProviderUrl, prepared.personas, login));
      return signedIn.get(login)!;
    };

    // The KPI read model's first read of the whole history runs after start; nothing is measured under it.
    const historyStarted = Date.now();
    const historyNotRead = await kpiHistoryRead(gatewayUrl, await tokenOf('steward'));
    log(historyNotRead ?? `KPI history read in ${((Date.now() - historyStarted) / 1000).toFixed(1)} s after start`);

    // Setup, untimed: the shelves, the orders, every subscriber's sign-in.
    const stock = await storeStock(gatewayUrl, prepared.skus, await tokenOf('customer-1'));
    const salesPerPair = Math.ceil(options.sales / (options.stores * options.skus));
    const shelves = chooseShelves(stock, options.stores, options.skus, salesPerPair + 2);
    const placed = await placeOrders(gatewayUrl, prepared.shoppers, tokenOf, shelves, options.orders);
    const orders = placed.orders;
    log(
      `setup: pickup at ${shelves.pickup.plant}; watching ${shelves.skus.length} SKUs at ${shelves.stores.map((s) => s.plant).join(', ')} ` +
        `(${shelves.sellable.length} shelves to sell from); ${orders.length} orders placed` +
        (Object.keys(placed.passedOver).length > 0 ? `, passed over: ${JSON.stringify(placed.passedOver)}` : ''),
    );
    const specsLogins = new Set<string>(['agent', 'steward', associateOf(shelves.pickup.plant)]);
    for (const order of orders) specsLogins.add(order.shopper.login);
    for (const store of shelves.stores) specsLogins.add(associateOf(store.plant));
    const tokens = new Map<string, string>();
    for (const login of specsLogins) tokens.set(login, await tokenOf(login));
    const specs = subscriberSpecs(options, shelves, orders, tokens);

    const sales = new SaleDeliveries();
    const handovers = new HandoverDeliveries();
    const onMessage = (subscriber: Subscriber, message: Parameters<Deliveries['onMessage']>[1], at: number) =>
      (subscriber.spec.kind === 'stock' ? sales : handovers).onMessage(subscriber, message, at);

    const memory = async (label: string): Promise<MemorySnapshot> => {
      const answer = await probe.ask('memory');
      return {
        label,
        rssBytes: rssBytes(running.gatewayProcess.pid),
        heapUsedBytes: answer.memory.heapUsed,
        heapTotalBytes: answer.memory.heapTotal,
        externalBytes: answer.memory.external,
        collected: answer.collected,
        subscribers: answer.live?.subscribers ?? 0,
        feeds: answer.live?.feeds ?? 0,
      };
    };
    const cost = async <T>(work: () => Promise<T>): Promise<[T, PhaseCost]> => {
      const gateway = cpuMs(running.gatewayProcess.pid);
      const omnigraph = cpuMs(running.omnigraphProcess.pid);
      const loadAverageBefore = loadavg().map((value) => Number(value.toFixed(2)));
      const started = performance.now();
      const result = await work();
      const gatewayAfter = cpuMs(running.gatewayProcess.pid);
      const omnigraphAfter = cpuMs(running.omnigraphProcess.pid);
      return [
        result,
        {
          wallMs: Math.round(performance.now() - started),
          gatewayCpuMs: gateway === null || gatewayAfter === null ? null : Math.round(gatewayAfter - gateway),
          subgraphsCpuMs: omnigraph === null || omnigraphAfter === null ? null : Math.round(omnigraphAfter - omnigraph),
          loadAverageBefore,
        },
      ];
    };

    // Opening: in batches, each waited for until the gateway holds every subscription not refused.
    const before = await memory('before opening');
    const wsUrl = gatewayUrl.replace(/^http/, 'ws');
    specs.forEach((spec, index) => subscribers.push(new Subscriber(index, spec)));
    const batches: { size: number; connectedMs: number; heldMs: number; waitedOut: boolean }[] = [];
    const [, openCost] = await cost(async () => {
      for (let from = 0; from < subscribers.length; from += options.openBatch) {
        const batch = subscribers.slice(from, from + options.openBatch);
        const batchStarted = performance.now();
        await Promise.all(batch.map((subscriber) => subscriber.open(wsUrl, onMessage, CONNECT_TIMEOUT_MS)));
        const connectedMs = performance.now() - batchStarted;
        const opened = subscribers.slice(0, from + batch.length);
        const deadline = performance.now() + OPEN_WAIT_MS;
        let held = false;
        while (!held && performance.now() < deadline) {
          const gatewayHolds = (await probe.ask('live')).live?.subscribers ?? 0;
          held = gatewayHolds >= opened.filter((subscriber) => subscriber.ended === null).length;
          if (!held) await sleep(50);
        }
        batches.push({
          size: batch.length,
          connectedMs: Math.round(connectedMs),
          heldMs: Math.round(performance.now() - batchStarted),
          waitedOut: !held,
        });
      }
    });
    await sleep(1_000);
    const after = await memory('with the subscriptions open');
    const open = subscribers.filter((subscriber) => subscriber.ended === null);
    log(
      `opened ${open.length} of ${subscribers.length} subscriptions in ${(openCost.wallMs / 1000).toFixed(1)} s; ` +
        `gateway RSS ${((after.rssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB (was ${((before.rssBytes ?? 0) / 2 ** 20).toFixed(0)}), ` +
        `${after.feeds} feeds`,
    );

    // Till sales at the POS stand-in, round the watched shelves.
    const baseline = await storeStock(gatewayUrl, shelves.skus, await tokenOf('customer-1'));
    for (const [sku, levels] of baseline) for (const level of levels) sales.setBaseline(pairKey(level.locationId, sku), level.onHand);
    const selfPublishes: Promise<unknown>[] = [];
    const bus = observer;
    const [, salesCost] = await cost(async () => {
      await paced(
        Array.from({ length: options.sales }, (_, i) => shelves.sellable[i % shelves.sellable.length]),
        options.salesPerSecond,
        async ({ store, sku }) => {
          const sentAt = performance.now();
          let failure: string | null = null;
          let answeredAt: number | null = null;
          let receipt = '';
          try {
            const response = await fetch(`${running.legacyUrls.pos}/poslog/v1/transactions`, {
              method: 'POST',
              headers: { 'content-type': 'application/xml', 'x-api-key': process.env.POS_API_KEY || 'pos-dev-key' },
              body: tillSale(store.retailStoreId, sku, prepared.prices.get(sku)!),
              signal: AbortSignal.timeout(30_000),
            });
            const body = await response.text();
            answeredAt = performance.now();
            receipt = /<TransactionKey>([^<]+)<\/TransactionKey>/.exec(body)?.[1] ?? '';
            if (response.status !== 201)
              failure = `HTTP ${response.status}: ${/<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? body.slice(0, 80)}`;
          } catch (error) {
            failure = errorMessage(error);
          }
          const subject = SUBJECTS.stock(store.locationId, sku);
          const sale = sales.add(
            {
              label: `${store.plant} ${sku}`,
              sentAt,
              answeredAt,
              failure,
              publishedAt: null,
              subject,
              pair: pairKey(store.locationId, sku),
            },
            1,
          );
          sales.settled(sale, subscribers);
          if (options.selfCheck && failure === null)
            selfPublishes.push(
              sleep(options.posFeedPollMs + 1_000).then(async () => {
                sale.publishedAt = await bus.publish(subject, { locationId: store.locationId, sku }, `bench-self-check-stock-${receipt}`);
              }),
            );
        },
      );
      await Promise.all(selfPublishes);
      await within(options.posFeedPollMs + options.drainMs, () => sales.complete);
    });
    log(
      `sales: ${sales.causes.length} posted, ${sales.deliveries.length} of ${sales.expected} deliveries, ${sales.messages.length} answers`,
    );

    // Handovers at the pickup store's counter, through the graph, as its associate.
    const handOver = operationText('click-and-collect.graphql', 'HandOver');
    const associate = tokens.get(associateOf(shelves.pickup.plant))!;
    const runKey = randomBytes(4).toString('hex');
    const [, handoverCost] = await cost(async () => {
      await paced(orders, options.handoversPerSecond, async (order) => {
        const handover: Handover = handovers.add({
          label: order.number,
          orderId: order.orderId,
          sentAt: performance.now(),
          answeredAt: null,
          failure: null,
          publishedAt: null,
          subject: SUBJECTS.orderStatus(order.orderId),
        });
        try {
          const answer = await postOperation(
            gatewayUrl,
            handOver,
            {
              orderId: order.orderId,
              storeId: shelves.pickup.locationId,
              workstationId: 1,
              associateId: 'NV900',
              idempotencyKey: `bench-live-${runKey}-handover-${order.number}`,
            },
            associate,
          );
          handover.answeredAt = performance.now();
          const payload = (answer.data as HandOverMutation | null | undefined)?.handOverPickup;
          handover.failure =
            protocolFailure(answer) ??
            (payload?.userErrors.length
              ? `userErrors ${payload.userErrors.map((e) => e.code).join(',')}`
              : payload?.order?.status === 'COMPLETED'
                ? null
                : `status ${payload?.order?.status ?? 'none'}`);
        } catch (error) {
          handover.failure = errorMessage(error);
        }
        handovers.settled(handover, subscribers);
        if (options.selfCheck && handover.failure === null)
          handover.publishedAt = await bus.publish(
            handover.subject,
            { orderId: order.orderId, status: 'COMPLETED', customerId: null },
            `bench-self-check-order-${order.orderId}`,
          );
      });
      await within(options.drainMs, () => handovers.complete);
    });
    log(`handovers: ${handovers.causes.length} sent, ${handovers.deliveries.length} of ${handovers.expected} deliveries`);

    // Closing: every subscription, then the gateway's memory once it holds none.
    const endedEarly = tally(subscribers.flatMap((subscriber) => (subscriber.ended === null ? [] : [subscriber.ended])));
    const errorCodes: Record<string, number> = {};
    for (const subscriber of subscribers)
      for (const [code, times] of subscriber.errorCodes) errorCodes[code] = (errorCodes[code] ?? 0) + times;
    await Promise.all(subscribers.map((subscriber) => subscriber.close()));
    const closeDeadline = performance.now() + 10_000;
    while (((await probe.ask('live')).live?.subscribers ?? 0) > 0 && performance.now() < closeDeadline) await sleep(100);
    const afterClose = await memory('after closing them all');

    const kpis = await measureChannelKpis(gatewayUrl, await tokenOf('steward'), 'steward', running.now(), options.kpiRequests).catch(
      (error: unknown) => ({ skipped: `failed: ${errorMessage(error)}` }),
    );

    const held = after.subscribers;
    const perSubscription = (a: number | null, b: number | null) =>
      a === null || b === null || held === 0 ? null : Math.round((b - a) / held);
    const distinctFeeds = new Set(specs.map(feedKey)).size;
    const observed = observer;
    return {
      startedAt: startedAt.toISOString(),
      machine: machineFacts(),
      settings: { ...options, namespace, posFeedPollSetting: 'POS_FEED_POLL_MS' },
      world: { seed: 1, size: 'large', seedingMs: world.seedingMs, seedReused: world.reused, copyMs },
      systemStartMs,
      setup: {
        pickupStore: shelves.pickup.plant,
        stores: shelves.stores.map((store: StoreLevel) => store.plant),
        skus: shelves.skus,
        sellableShelves: shelves.sellable.length,
        ordersPlaced: orders.length,
        shoppersPassedOver: placed.passedOver,
      },
      subscribers: {
        total: subscribers.length,
        stock: specs.filter((spec) => spec.kind === 'stock').length,
        order: specs.filter((spec) => spec.kind === 'order').length,
        byRole: tally(specs.map((spec) => spec.role)),
        signedInAs: new Set(specs.map((spec) => spec.login ?? 'guest')).size,
        distinctFeeds,
        gatewayFeeds: after.feeds,
        heldByGateway: held,
        refusedOrFailed: tally(
          subscribers.flatMap((subscriber) =>
            subscriber.ended !== null && subscriber.ended !== 'closed by the bench' && subscriber.messages === 0 ? [subscriber.ended] : [],
          ),
        ),
      },
      open: {
        batchSize: options.openBatch,
        wallMs: openCost.wallMs,
        batches,
        cost: openCost,
      },
      memory: {
        snapshots: [before, after, afterClose],
        perSubscriptionRssBytes: perSubscription(before.rssBytes, after.rssBytes),
        perSubscriptionHeapBytes: perSubscription(before.heapUsedBytes, after.heapUsedBytes),
      },
      stock: pathReport(sales, observed, options.selfCheck, salesCost),
      order: pathReport(handovers, observed, options.selfCheck, handoverCost),
      subscriptionErrors: { endedEarly, answersWithErrors: errorCodes },
      busEvents: tally(
        observed.events.map((event) =>
          event.subject
            .split('.')
            .slice(0, /^(stock|pickup-queue)\./.test(event.subject) ? 1 : 2)
            .join('.'),
        ),
      ),
      kpis,
    };
  } finally {
    await Promise.all(subscribers.map((subscriber) => subscriber.close().catch(() => undefined)));
    await system?.stop();
    await observer?.close().catch(() => undefined);
    const leftover = await removeNamespace(options.natsUrl, namespace);
    if (leftover) console.error(`live: the run's stream ${namespace} could not be removed from the broker: ${leftover}`);
    removeWorldCopy(runDir);
  }
}

/** Part 4: measures, then writes markdown and JSON under bench/results; answers the summary. */
export async function runLiveBench(options: LiveOptions): Promise<string> {
  return writeLiveResults(await measureLive(options), resolve(__dirname, '../results'));
}

// `npx tsx bench/live/run.ts` runs part 4 alone, as `BENCH_PARTS=live npm run bench` does.
// Required lazily: bench/run.ts imports this file, so a static import would be circular.
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (require.main === module) (require('../run') as typeof import('../run')).runBenchAndExit(['live']);
