import { randomUUID } from 'node:crypto';
import type { PosTransaction, Store, TruthPerson, World } from '../../legacy/seed/model';
import { posTransactionKey } from '../../legacy/seed/model';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { FIRST_PARTY_APPS } from '../../identity-provider/directory';
import { ROLE_SCOPES } from '../../lib/access';
import { ANONYMOUS, Caller, encodeCaller } from '../../lib/context';
import { CALLER_HEADER, gatewaySecret, REQUEST_ID_HEADER, SIGNATURE_HEADER, signRequest } from '../../lib/signature';
import { RunningSystem, startSystem } from '../../scripts/system';
import { errorCodes, execute } from '../support/graphql';
import { headersAs, withSecond } from '../support/tokens';

/**
 * The pos subgraph through the gateway, against the POS stand-in loaded with the seeded world:
 * store receipts as orders in a customer's history and by id, refunds from returns rung up at
 * any store, the stores' trading details on locations, and till sales the ERP has not booked.
 */

const DAY_MS = 86_400_000;
/** The follower's own background reads; a query's cost is everything else. */
const FOLLOWER_OPERATIONS = new Set(['readTransactionFeed', 'getEndOfDayBatch']);
const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const METHODS: Record<string, string> = { Cash: 'CASH', CreditDebit: 'CARD', EWallet: 'E_WALLET', LoyaltyPoints: 'LOYALTY_POINTS' };

const ORDER_FIELDS = `id number channel placedAt status statusHistory { status at note }
  lines { sku name quantity unitPrice { amount currencyCode } discount { amount currencyCode } total { amount currencyCode } variant { sku } }
  totals { subtotal { amount } discount { amount } shipping { amount } total { amount currencyCode } refunded { amount } }
  fulfilment { method location { id name storeCode openingHours { weekday opens closes } } }
  ... on StoreOrder { payments { method amount { amount currencyCode } } receiptKey }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const STATUS = `query($id: ID!) { order(id: $id) { status statusHistory { status at note } totals { refunded { amount } } } }`;
const HISTORY = `query($first: Int!) { customers(first: $first) { edges { node { id
  orderHistory(first: 10, channels: [STORE]) { totalCount edges { node { id number placedAt status ... on StoreOrder { receiptKey totals { refunded { amount } } } } } } } } } }`;
const BY_IDENTIFIER = `query($kind: CustomerIdentifierKind!, $value: String!) { customerByIdentifier(identifier: { kind: $kind, value: $value }) {
  orderHistory(first: 50, channels: [STORE]) { totalCount edges { node { id number placedAt status ... on StoreOrder { receiptKey } } } } } }`;
const STOCK = `query($sku: String!, $location: ID!) { productVariant(sku: $sku) { name stockAt(locationId: $location) { onHand reserved location { name } } } }`;

interface Money {
  amount: string;
  currencyCode?: string;
}
interface OrderNode {
  id: string;
  number: string;
  placedAt: string;
  status: string;
  statusHistory: { status: string; at: string; note: string | null }[];
  totals: { refunded: Money };
  receiptKey: string;
}

/** Who asks: anyone (a shopper, signed in or not) for stores and stock; the call-center agent for any customer's orders; the back-office steward for every customer at once. */
type Asker = 'anyone' | 'agent' | 'steward';

/** The call-center agent as the gateway signs them to a subgraph (lib/context.ts Caller). */
const AGENT: Caller = {
  id: 'agent',
  roles: ['call-center-agent'],
  scopes: [...ROLE_SCOPES['call-center-agent']],
  customerId: null,
  stores: [],
  clientId: FIRST_PARTY_APPS.staff,
};

const storeOrderId = (key: string) => Buffer.from(`StoreOrder:${key}`).toString('base64url');
const locationId = (plant: string) => Buffer.from(`Location:${plant}`).toString('base64url');
/** The till's local wall-clock time with the stores' zone, to the second. */
const storeTime = (instant: Date) => `${new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
const vnd = (amount: number) => ({ amount: String(amount), currencyCode: 'VND' });
/** What the POS refunds, exact to the hundredth of a dong, rounded once to whole dong as the graph gives it. */
const refundedOf = (returns: PosTransaction[]) => String(Math.round(returns.reduce((sum, t) => sum + Math.round(-t.total * 100), 0) / 100));

interface TillLine {
  sku: string;
  quantity: number;
  unitPrice: number;
  disposition?: 'ReturnToStock' | 'Damaged';
}

/** A POSLog as a till posts it: a sale, or a return linked to the sale it takes back. Cash settles it. */
function tillPosting(kind: 'Sale' | 'Return', store: string, day: string, lines: TillLine[], original?: PosTransaction): string {
  const sign = kind === 'Sale' ? 1 : -1;
  const total = sign * lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
  const amount = (value: number) => `<Amount CurrencyCode="VND">${value.toFixed(2)}</Amount>`;
  const items = lines.map(
    (line, i) => `<LineItem><SequenceNumber>${i + 1}</SequenceNumber><${kind} ItemType="Stock"><ItemID>${line.sku}</ItemID>
    <RegularSalesUnitPrice CurrencyCode="VND">${line.unitPrice.toFixed(2)}</RegularSalesUnitPrice><Quantity>${line.quantity}</Quantity>
    ${line.disposition ? `<Disposition>${line.disposition}</Disposition>` : ''}</${kind}></LineItem>`,
  );
  const link = original
    ? `<TransactionLink ReasonCode="Return"><RetailStoreID>${original.retailStoreId}</RetailStoreID><WorkstationID>${original.workstationId}</WorkstationID>
      <SequenceNumber>${original.sequenceNumber}</SequenceNumber><BusinessDayDate>${original.businessDay}</BusinessDayDate></TransactionLink>`
    : '';
  return `<POSLog xmlns="http://www.nrf-arts.org/IXRetail/namespace/"><Transaction><RetailStoreID>${store}</RetailStoreID><WorkstationID>1</WorkstationID>
    <BusinessDayDate>${day}</BusinessDayDate><BeginDateTime>${day}T11:00:00</BeginDateTime><EndDateTime>${day}T11:02:00</EndDateTime><OperatorID>NV101</OperatorID>
    <RetailTransaction TypeCode="${kind}">${link}${items.join('')}
      <LineItem><SequenceNumber>${lines.length + 1}</SequenceNumber><Tender TenderType="Cash">${amount(total)}</Tender></LineItem>
      <Total TotalType="TransactionGrandAmount" CurrencyCode="VND">${total.toFixed(2)}</Total></RetailTransaction></Transaction></POSLog>`;
}

describe('the pos subgraph through the gateway', () => {
  let world: World;
  let system: RunningSystem;
  let sales: Map<string, PosTransaction>;
  /** The first business day the sales feed follows. */
  let followedFrom: string;

  const query = async <T>(text: string, variables: object = {}, as: Asker = 'agent') =>
    execute<T, object>(system.gatewayUrl, text, variables, as === 'anyone' ? {} : await headersAs(system, as));
  const queryCalls = () =>
    Object.fromEntries(
      Object.entries(system.legacy.pos.legacy.calls.snapshot().byOperation).filter(([op]) => !FOLLOWER_OPERATIONS.has(op)),
    );
  const resetCalls = () => system.legacy.pos.legacy.calls.reset();
  const storeOf = (retailStoreId: string): Store => world.stores.find((s) => s.retailStoreId === retailStoreId)!;
  const returnsOf = (sale: PosTransaction) =>
    world.pos.transactions.filter((t) => t.kind === 'Return' && t.returnOf === posTransactionKey(sale));
  const priceOf = (sale: PosTransaction, sku: string) => {
    const line = sale.lines.find((l) => l.sku === sku)!;
    return line.extendedAmount / line.quantity;
  };

  /** Rings a receipt up at a till through the POS head office, as the store would. */
  async function ringUp(posting: string): Promise<string> {
    const response = await fetch(`${system.legacyUrls.pos}/poslog/v1/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'x-api-key': 'pos-dev-key' },
      body: posting,
    });
    const body = await response.text();
    expect({ status: response.status, body }).toMatchObject({ status: 201 });
    return /<TransactionKey>([^<]+)<\/TransactionKey>/.exec(body)![1];
  }

  /** Asks again until the answer passes (the follower reads the feed every 250 ms), for at most ten seconds. */
  async function eventually<T>(ask: () => Promise<T>, passes: (answer: T) => boolean): Promise<T> {
    let answer = await ask();
    for (let attempt = 0; attempt < 40 && !passes(answer); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await ask();
    }
    return answer;
  }

  /** What the gateway sends the pos subgraph for a @requires field the API does not show, asking for `caller`. */
  async function entitiesFromPos<T>(selection: string, representations: object[], caller: Caller = ANONYMOUS) {
    const body = JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      variables: { r: representations },
    });
    const requestId = randomUUID();
    const signedCaller = encodeCaller(caller);
    const response = await fetch(system.subgraphUrls.pos, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [REQUEST_ID_HEADER]: requestId,
        [CALLER_HEADER]: signedCaller,
        [SIGNATURE_HEADER]: signRequest(gatewaySecret(system.env), { requestId, caller: signedCaller, body }),
      },
      body,
    });
    return (await response.json()) as { data?: { _entities: T[] }; errors?: { extensions?: { code?: string } }[] };
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    sales = new Map(world.pos.transactions.filter((t) => t.kind === 'Sale').map((t) => [posTransactionKey(t), t]));
    // The system runs at the world's moment: the feed is followed from three days before its today.
    followedFrom = new Date(Date.parse(world.today) - 3 * DAY_MS).toISOString().slice(0, 10);
    system = await startSystem({
      world,
      personas: withSecond(personasOf(world), 'agent'),
      env: {
        IDENTITY_SYNC_INTERVAL_MS: '0',
        POS_FEED_POLL_MS: '250',
        POS_FEED_STALE_MS: '1500',
        POS_FEED_LOOKBACK_DAYS: '3',
        // A POS outage in one test must not leave the circuit open for the next.
        POS_BREAKER_HALF_OPEN_MS: '100',
      },
    });
  });
  afterAll(() => system.stop());

  describe('locations', () => {
    it('gives stores their till number and opening hours, and warehouses none, from cached store master data', async () => {
      resetCalls();
      const answer = await query<{
        locations: { edges: { node: { id: string; kind: string; storeCode: string | null; openingHours: unknown[] | null } }[] };
      }>('{ locations(first: 50) { edges { node { id kind storeCode openingHours { weekday opens closes } } } } }', {}, 'anyone');
      expect(answer.errors).toBeUndefined();
      const nodes = new Map(answer.data!.locations.edges.map((e) => [e.node.id, e.node]));
      for (const store of world.stores) {
        expect(nodes.get(locationId(store.plant))).toMatchObject({ kind: 'STORE', storeCode: store.retailStoreId });
        expect(nodes.get(locationId(store.plant))!.openingHours).toHaveLength(7);
      }
      for (const warehouse of world.warehouses) {
        expect(nodes.get(locationId(warehouse.plant))).toMatchObject({ kind: 'WAREHOUSE', storeCode: null, openingHours: null });
      }
      expect(queryCalls()).toEqual({});
    });
  });

  describe('stock the ERP has not been told about', () => {
    it('takes today’s unposted till sales off the ERP’s figure: on hand is what is on the shelf', async () => {
      const targets = [...world.truth.phantomStock, ...world.truth.shelfStock.filter((s) => s.retailStoreId === '102').slice(0, 10)];
      for (const target of targets) {
        const answer = await query<{ productVariant: { stockAt: { onHand: number } } }>(
          STOCK,
          { sku: target.sku, location: locationId(target.plant) },
          'anyone',
        );
        expect(answer.errors).toBeUndefined();
        const shelf = world.truth.shelfStock.find((s) => s.plant === target.plant && s.sku === target.sku)!;
        expect({ ...target, onHand: answer.data!.productVariant.stockAt.onHand }).toEqual({ ...target, onHand: shelf.quantity });
      }
    });

    it('grows as a till sells: a sale posted at the counter reaches the graph through the feed', async () => {
      const shelf = world.truth.shelfStock.find((s) => s.quantity >= 5)!;
      const price = world.products.find((p) => p.sku === shelf.sku)!.price;
      const onHand = async () =>
        (
          await query<{ productVariant: { stockAt: { onHand: number } } }>(
            STOCK,
            { sku: shelf.sku, location: locationId(shelf.plant) },
            'anyone',
          )
        ).data?.productVariant.stockAt.onHand;
      expect(await onHand()).toBe(shelf.quantity);
      await ringUp(tillPosting('Sale', shelf.retailStoreId, world.today, [{ sku: shelf.sku, quantity: 3, unitPrice: price }]));
      expect(await eventually(onHand, (units) => units === shelf.quantity - 3)).toBe(shelf.quantity - 3);
    });

    it('refuses figures once the feed has lagged too long while the POS is down, keeping the rest, and recovers', async () => {
      const shelf = world.truth.shelfStock.find((s) => s.quantity > 0 && s.retailStoreId !== world.truth.phantomStock[0].retailStoreId)!;
      const stock = () =>
        query<{ productVariant: { name: string; stockAt: { onHand: number } | null } }>(
          STOCK,
          { sku: shelf.sku, location: locationId(shelf.plant) },
          'anyone',
        );
      system.legacy.pos.legacy.setKnobs({ down: true });
      try {
        const lagging = await eventually(stock, (answer) => errorCodes(answer).includes('POS_UNAVAILABLE'));
        expect(errorCodes(lagging)).toContain('POS_UNAVAILABLE');
        expect(lagging.data!.productVariant.name).toBe(world.products.find((p) => p.sku === shelf.sku)!.name);
      } finally {
        system.legacy.pos.legacy.resetKnobs();
      }
      const recovered = await eventually(stock, (answer) => answer.data?.productVariant.stockAt?.onHand === shelf.quantity);
      expect(recovered.errors).toBeUndefined();
      expect(recovered.data!.productVariant.stockAt!.onHand).toBe(shelf.quantity);
    });

    it('resolves unposted sales from memory, at no cost in POS calls', async () => {
      resetCalls();
      for (const target of world.truth.phantomStock) await query(STOCK, { sku: target.sku, location: locationId(target.plant) }, 'anyone');
      expect(queryCalls()).toEqual({});
    });

    it('answers what the gateway asks for a @requires: per store from the ERP’s posted day, 0 for a warehouse, a typed error for a bad id', async () => {
      const phantom = world.truth.phantomStock[0];
      const postedThrough = world.warehouse.postedDays.at(-1)!;
      const levels = (locationIdValue: string) => ({
        __typename: 'StockLevel',
        sku: phantom.sku,
        locationId: locationIdValue,
        erpPostedThrough: postedThrough,
      });
      const answer = await entitiesFromPos<{ unpostedSales: number }>('... on StockLevel { unpostedSales }', [
        levels(locationId(phantom.plant)),
        levels(locationId(world.warehouses[0].plant)),
      ]);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!._entities).toEqual([{ unpostedSales: phantom.erpQuantity - phantom.shelfQuantity }, { unpostedSales: 0 }]);
      const bad = await entitiesFromPos('... on StockLevel { unpostedSales }', [levels('not-a-location')]);
      expect(bad.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('store orders', () => {
    it('reads a receipt as an order: number, local time with zone, lines and totals in exact Money, payments, the store', async () => {
      const sale = [...sales.values()].find((t) => t.lines.length > 1 && t.lines.some((l) => l.discount > 0) && returnsOf(t).length === 0)!;
      const key = posTransactionKey(sale);
      const store = storeOf(sale.retailStoreId);
      const answer = await query<{ order: unknown }>(ORDER, { id: storeOrderId(key) });
      expect(answer.errors).toBeUndefined();
      const subtotal = sale.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
      const discount = sale.lines.reduce((sum, l) => sum + l.discount, 0);
      expect(answer.data!.order).toEqual({
        id: storeOrderId(key),
        number: `${sale.retailStoreId}-${String(sale.sequenceNumber).padStart(6, '0')}`,
        channel: 'STORE',
        placedAt: storeTime(sale.endAt),
        status: 'COMPLETED',
        statusHistory: [{ status: 'COMPLETED', at: storeTime(sale.endAt), note: null }],
        lines: sale.lines.map((l) => ({
          sku: l.sku,
          name: l.description,
          quantity: l.quantity,
          unitPrice: vnd(l.unitPrice),
          discount: vnd(l.discount),
          total: vnd(l.extendedAmount),
          variant: { sku: l.sku },
        })),
        totals: {
          subtotal: { amount: String(subtotal) },
          discount: { amount: String(discount) },
          shipping: { amount: '0' },
          total: vnd(sale.total),
          refunded: { amount: '0' },
        },
        fulfilment: {
          method: 'IN_STORE_PURCHASE',
          location: {
            id: locationId(store.plant),
            name: store.name,
            storeCode: store.retailStoreId,
            openingHours: [1, 2, 3, 4, 5, 6, 0].map((weekday) => {
              const hours = store.openingHours.find((h) => h.weekday === weekday)!;
              return { weekday: WEEKDAYS[weekday], opens: hours.opens, closes: hours.closes };
            }),
          },
        },
        payments: sale.tenders.map((t) => ({ method: METHODS[t.type], amount: vnd(t.amount) })),
        receiptKey: key,
      });
      expect(subtotal - discount).toBe(sale.total);
    });

    it('lists a customer’s store receipts, found by their card and by their phone as typed, newest first', async () => {
      const person = world.truth.persons.find(
        (p) =>
          p.loyaltyCardCodes.length === 1 &&
          p.crmPartnerIds.length > 0 &&
          p.posTransactionKeys.some((k) => sales.get(k)?.customer?.phone) &&
          p.posTransactionKeys.some((k) => sales.get(k)?.customer?.loyaltyCard),
      )!;
      const expected = person.posTransactionKeys
        .filter((k) => sales.has(k))
        .map((k) => sales.get(k)!)
        .sort((a, b) => b.endAt.getTime() - a.endAt.getTime());
      const answer = await query<{ customerByIdentifier: { orderHistory: { totalCount: number; edges: { node: OrderNode }[] } } }>(
        BY_IDENTIFIER,
        {
          kind: 'LOYALTY_CARD',
          value: person.loyaltyCardCodes[0],
        },
      );
      expect(answer.errors).toBeUndefined();
      const history = answer.data!.customerByIdentifier.orderHistory;
      expect(history.totalCount).toBe(expected.length);
      expect(history.edges.map((e) => [e.node.receiptKey, e.node.number, e.node.placedAt])).toEqual(
        expected.map((t) => [posTransactionKey(t), `${t.retailStoreId}-${String(t.sequenceNumber).padStart(6, '0')}`, storeTime(t.endAt)]),
      );
    });

    it('shows a sale partly refunded by a return rung up weeks later, found through the customer on the sale', async () => {
      const refund = world.pos.transactions.find(
        (t) => t.kind === 'Return' && t.customer !== null && t.businessDay < followedFrom && sales.get(t.returnOf!)!.lines.length > 1,
      )!;
      const sale = sales.get(refund.returnOf!)!;
      resetCalls();
      const answer = await query<{ order: OrderNode }>(STATUS, { id: storeOrderId(posTransactionKey(sale)) });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.order).toEqual({
        status: 'PARTIALLY_REFUNDED',
        statusHistory: [
          { status: 'COMPLETED', at: storeTime(sale.endAt), note: null },
          {
            status: 'PARTIALLY_REFUNDED',
            at: storeTime(refund.endAt),
            note: `Returned in store ${refund.retailStoreId} on receipt ${refund.retailStoreId}-${String(refund.sequenceNumber).padStart(6, '0')}`,
          },
        ],
        totals: { refunded: { amount: refundedOf([refund]) } },
      });
      expect(queryCalls()).toEqual({ getTransaction: 1, lookupCustomerTransactions: 1 });
    });

    it('refunds an older sale in the history from the index’s own lookup, and never from another caller’s under the same request id', async () => {
      const refund = world.pos.transactions.find(
        (t) => t.kind === 'Return' && t.customer !== null && t.businessDay < followedFrom && sales.get(t.returnOf!)!.lines.length > 1,
      )!;
      const sale = sales.get(refund.returnOf!)!;
      const expected = { status: 'PARTIALLY_REFUNDED', totals: { refunded: { amount: refundedOf([refund]) } } };
      const history = `query($card: String!) { customerByIdentifier(identifier: { kind: LOYALTY_CARD, value: $card }) {
        orderHistory(first: 100, channels: [STORE]) { edges { node { id status totals { refunded { amount } } } } } } }`;
      const as = async (login: string) => ({ ...(await headersAs(system, login)), 'x-request-id': 'chosen-by-the-client' });
      resetCalls();
      const answer = await execute<
        { customerByIdentifier: { orderHistory: { edges: { node: { id: string; status: string; totals: unknown } }[] } } },
        object
      >(system.gatewayUrl, history, { card: sale.customer!.loyaltyCard }, await as('agent'));
      expect(answer.errors).toBeUndefined();
      expect(
        answer.data!.customerByIdentifier.orderHistory.edges.find((e) => e.node.id === storeOrderId(posTransactionKey(sale)))!.node,
      ).toMatchObject(expected);
      expect(queryCalls()).toEqual({ lookupCustomerTransactions: 1 });
      resetCalls();
      const other = await execute<{ order: OrderNode }, object>(
        system.gatewayUrl,
        STATUS,
        { id: storeOrderId(posTransactionKey(sale)) },
        await as('agent-2'),
      );
      expect(other.data!.order).toMatchObject(expected);
      expect(queryCalls()).toEqual({ lookupCustomerTransactions: 1 });
    });

    it('turns REFUNDED when a till takes back the rest, even with no customer captured on the return', async () => {
      const earlier = world.pos.transactions.find(
        (t) => t.kind === 'Return' && t.customer !== null && t.businessDay < followedFrom && sales.get(t.returnOf!)!.lines.length > 1,
      )!;
      const sale = sales.get(earlier.returnOf!)!;
      const left = sale.lines
        .map((line) => ({
          sku: line.sku,
          quantity: line.quantity - earlier.lines.filter((l) => l.sku === line.sku).reduce((sum, l) => sum + l.quantity, 0),
          unitPrice: priceOf(sale, line.sku),
          disposition: 'ReturnToStock' as const,
        }))
        .filter((line) => line.quantity > 0);
      await ringUp(tillPosting('Return', sale.retailStoreId, world.today, left, sale));
      const answer = await eventually(
        () => query<{ order: OrderNode }>(STATUS, { id: storeOrderId(posTransactionKey(sale)) }),
        (a) => a.data?.order.status === 'REFUNDED',
      );
      expect(answer.data!.order.statusHistory.map((change) => [change.status, change.at])).toEqual([
        ['COMPLETED', storeTime(sale.endAt)],
        ['PARTIALLY_REFUNDED', storeTime(earlier.endAt)],
        ['REFUNDED', `${world.today}T11:02:00+07:00`],
      ]);
      expect(answer.data!.order.totals.refunded.amount).toBe(String(sale.total));
    });

    it('sees a return of one of today’s sales from the feed, at no cost in POS calls', async () => {
      const sale = [...sales.values()].find(
        (t) => t.businessDay === world.today && t.lines.some((l) => l.quantity === 1) && t.lines.length > 1,
      )!;
      const line = sale.lines.find((l) => l.quantity === 1)!;
      const id = storeOrderId(posTransactionKey(sale));
      expect((await query<{ order: OrderNode }>(STATUS, { id })).data!.order.status).toBe('COMPLETED');
      await ringUp(
        tillPosting(
          'Return',
          sale.retailStoreId,
          world.today,
          [{ sku: line.sku, quantity: 1, unitPrice: priceOf(sale, line.sku), disposition: 'Damaged' }],
          sale,
        ),
      );
      const answer = await eventually(
        () => query<{ order: OrderNode }>(STATUS, { id }),
        (a) => a.data?.order.status === 'PARTIALLY_REFUNDED',
      );
      expect(answer.data!.order.totals.refunded.amount).toBe(String(line.extendedAmount));
      resetCalls();
      await query(STATUS, { id });
      expect(queryCalls()).toEqual({});
    });

    it('has no order for a return or a pickup handover receipt: they settle other orders', async () => {
      const refund = world.pos.transactions.find((t) => t.kind === 'Return')!;
      const pickup = world.pos.transactions.find((t) => t.kind === 'PickupHandover')!;
      for (const receipt of [refund, pickup]) {
        const answer = await query<{ order: unknown }>('query($id: ID!) { order(id: $id) { id number } }', {
          id: storeOrderId(posTransactionKey(receipt)),
        });
        expect(answer.data?.order ?? null).toBeNull();
      }
    });

    it('refuses a store order id that names no receipt, before calling the POS', async () => {
      resetCalls();
      const answer = await query<{ order: unknown }>(ORDER, { id: Buffer.from('StoreOrder:101-till-seq').toString('base64url') });
      expect(errorCodes(answer)).toContain('BAD_USER_INPUT');
      expect(answer.data?.order ?? null).toBeNull();
      expect(queryCalls()).toEqual({});
    });

    it('costs the same POS calls for a page of 50 customers’ store orders as for 5', async () => {
      const cost = async (first: number) => {
        resetCalls();
        const answer = await query<{ customers: { edges: { node: { orderHistory: { edges: unknown[] } } }[] } }>(
          HISTORY,
          { first },
          'steward',
        );
        expect(answer.errors).toBeUndefined();
        expect(answer.data!.customers.edges).toHaveLength(first);
        return { calls: queryCalls(), orders: answer.data!.customers.edges.reduce((sum, e) => sum + e.node.orderHistory.edges.length, 0) };
      };
      const five = await cost(5);
      const fifty = await cost(50);
      expect(fifty.orders).toBeGreaterThan(five.orders * 5);
      // One lookup for the customers' receipts: the orders and the returns of the older ones come with it.
      expect(five.calls).toEqual({ lookupCustomerTransactions: 1 });
      expect(fifty.calls).toEqual(five.calls);
    });
  });

  describe('the index the orders service merges', () => {
    it('lists a customer’s sales by card or typed phone, and leaves out returns and other people’s receipts', async () => {
      const person: TruthPerson = world.truth.persons.find(
        (p) => p.posTransactionKeys.some((k) => !sales.has(k)) && p.loyaltyCardCodes.length > 0,
      )!;
      const answer = await entitiesFromPos<{ storeOrderIndex: { orderId: string; placedAt: string }[] }>(
        '... on Customer { storeOrderIndex { orderId placedAt } }',
        [{ __typename: 'Customer', id: 'any', loyaltyCardCodes: person.loyaltyCardCodes, phones: [person.phone] }],
        // The orders service asks for the caller the gateway signed: here the call-center agent, who reads any customer's orders.
        AGENT,
      );
      expect(answer.errors).toBeUndefined();
      const expected = person.posTransactionKeys
        .filter((k) => sales.has(k))
        .map((k) => sales.get(k)!)
        .sort((a, b) => b.endAt.getTime() - a.endAt.getTime());
      expect(answer.data!._entities[0].storeOrderIndex).toEqual(
        expected.map((t) => ({ orderId: storeOrderId(posTransactionKey(t)), placedAt: storeTime(t.endAt) })),
      );
    });
  });
});
