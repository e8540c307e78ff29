import { LiveEvents } from '../../lib/live-events';
import { BusinessRuleError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { orderSaga, OrderSagaInput } from '../../subgraphs/commerce/checkout';
import { SagaRunner } from '../../subgraphs/commerce/saga';
import type { CommerceServices } from '../../subgraphs/commerce/services';
import { CommerceState, openCommerceState } from '../../subgraphs/commerce/state';

/**
 * The checkout saga against stand-ins of the web shop and the ERP kept in memory: a first run makes
 * none of the looks for its own effects and runs independent steps together; a step run again
 * (recovery after a lost answer, a retry of an undone attempt) still finds what it did before.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ShopOrder {
  entity_id: number;
  increment_id: string;
  quote_id: number;
  created_at: string;
  grand_total: number;
  order_currency_code: string;
  status_histories: { comment: string }[];
}
interface ErpItem {
  item: string;
  plant: string;
  recipient: string;
  deleted: boolean;
  finallyIssued: boolean;
}

/** Every call as `+name` when it starts and `-name` when it ends, a few milliseconds later. */
class Calls {
  readonly log: string[] = [];
  /** Calls whose effect is applied but whose answer is lost (the caller sees an error), once each. */
  readonly loseAnswer = new Set<string>();
  /** Calls refused before anything is applied, once each. */
  readonly refuse = new Map<string, Error>();

  async call<T>(name: string, effect: () => T): Promise<T> {
    this.log.push(`+${name}`);
    await sleep(5);
    try {
      const refusal = this.refuse.get(name);
      if (refusal) {
        this.refuse.delete(name);
        throw refusal;
      }
      const answer = effect();
      if (this.loseAnswer.delete(name)) throw new Error(`${name}: no answer`);
      return answer;
    } finally {
      this.log.push(`-${name}`);
    }
  }

  count(name: string): number {
    return this.log.filter((entry) => entry === `+${name}`).length;
  }

  /** Whether the two calls were in flight at the same time. */
  overlapped(a: string, b: string): boolean {
    const at = (entry: string) => this.log.indexOf(entry);
    return at(`+${a}`) < at(`-${b}`) && at(`+${b}`) < at(`-${a}`);
  }
}

function standIns(calls: Calls) {
  const orders: ShopOrder[] = [];
  const reservations = new Map<string, ErpItem[]>();
  const recipients = new Map<string, string>();
  const web = {
    setShipping: () => calls.call('setShipping', () => undefined),
    placeOrder: () =>
      calls.call('placeOrder', () => {
        const order = {
          entity_id: 500 + orders.length,
          increment_id: `00000${900 + orders.length}`,
          quote_id: 7,
          created_at: '2026-11-20 03:30:00',
          grand_total: 199_000,
          order_currency_code: 'VND',
          status_histories: [],
        };
        orders.push(order);
        return order.entity_id;
      }),
    orderOfQuote: (quoteId: number) => calls.call('orderOfQuote', () => orders.find((order) => order.quote_id === quoteId) ?? null),
    orderByNumber: (number: string) => calls.call('orderByNumber', () => orders.find((order) => order.increment_id === number) ?? null),
    addOrderComment: (entityId: number, comment: string) =>
      calls.call('addOrderComment', () => {
        orders.find((order) => order.entity_id === entityId)!.status_histories.push({ comment });
      }),
  };
  const erp = {
    createReservationDocument: (recipient: string, items: { plant: string }[]) =>
      calls.call('createReservation', () => {
        const reservation = String(1_000_000 + reservations.size);
        const created = items.map((item, i) => ({
          item: String(i + 1).padStart(4, '0'),
          plant: item.plant,
          recipient,
          deleted: false,
          finallyIssued: false,
        }));
        reservations.set(reservation, created);
        recipients.set(reservation, recipient);
        return { reservation, recipient, items: created };
      }),
    reservationsOfRecipient: (recipient: string) =>
      calls.call('reservationsOfRecipient', () =>
        [...reservations]
          .filter(([reservation, items]) => recipients.get(reservation) === recipient || items.some((item) => item.recipient === recipient))
          .map(([reservation, items]) => ({ reservation, recipient, items })),
      ),
    releaseReservation: (reservation: string) =>
      calls.call('releaseReservation', () => {
        for (const item of reservations.get(reservation) ?? []) item.deleted = true;
      }),
    // Without item numbers, the client reads them: every item.
    setReservationRecipient: (reservation: string, recipient: string, items?: string[]) =>
      calls.call('setReservationRecipient', () => {
        for (const item of reservations.get(reservation)!) if (!items || items.includes(item.item)) item.recipient = recipient;
      }),
  };
  const gate = {
    allocate: (_plant: string, _lines: unknown, take: () => Promise<unknown>) => take(),
    plant: async (plant: string) => ({ plant, name: 'Sao Mai Quận 1' }),
  };
  /** The events the saga publishes, by kind, in order. */
  const told: { kind: string; event: unknown }[] = [];
  const publish = (kind: string) => async (event: unknown) => void told.push({ kind, event });
  // LiveEvents' own helpers (stockMoved) over publishers that record instead of sending.
  const live = Object.assign(
    Object.create(LiveEvents.prototype) as LiveEvents,
    Object.fromEntries(['orderStatus', 'stock', 'pickupQueue', 'sale', 'customerActivity'].map((kind) => [kind, publish(kind)])),
  );
  return { web, erp, gate, live, orders, reservations, told };
}

const INPUT: OrderSagaInput = {
  reference: 'OGTEST000001',
  cart: { ref: { kind: 'guest', maskedId: 'masked-7' }, quoteId: 7 },
  lines: [{ sku: 'TS-0001-XA-M', quantity: 1 }],
  plants: ['S101'],
  fulfilment: 'PICKUP_IN_STORE',
  address: {
    firstName: 'Lan',
    lastName: 'Trần',
    street: ['12 Lê Lợi'],
    city: 'Hồ Chí Minh',
    countryCode: 'VN',
    phone: '0901234567',
    email: 'lan.tran@example.vn',
  },
  payment: 'checkmo',
  note: 'Ordered in the app',
};

describe('the checkout saga', () => {
  let state: CommerceState;
  let calls: Calls;
  let shop: ReturnType<typeof standIns>;
  let sagas: SagaRunner;
  let workId = 0;
  const work = () => `work-${(workId += 1)}`;

  beforeEach(async () => {
    state = await openCommerceState({ COMMERCE_STATE_FILE: ':memory:' });
    calls = new Calls();
    shop = standIns(calls);
    // Recovery may take any saga not in flight here at once.
    sagas = new SagaRunner(state, createLogger('commerce-checkout-test', { LOG_LEVEL: 'silent' }), 0);
    sagas.register(orderSaga({ web: shop.web, erp: shop.erp, gate: shop.gate, live: shop.live } as unknown as CommerceServices));
  });
  afterEach(() => state.close());

  it('the first run looks for none of its own effects, and runs what needs nothing of each other together', async () => {
    const result = await sagas.run(work(), 'order', INPUT);
    expect(result).toEqual({
      order: { id: expect.any(String) },
      fulfilledFrom: { id: expect.any(String) },
      pointsRedeemed: 0,
      userErrors: [],
    });
    expect(calls.count('reservationsOfRecipient')).toBe(0);
    expect(calls.count('orderByNumber')).toBe(0);
    // Only to learn the new order's number.
    expect(calls.count('orderOfQuote')).toBe(1);
    expect(calls.log.indexOf('+orderOfQuote')).toBeGreaterThan(calls.log.indexOf('-placeOrder'));
    expect(calls.overlapped('createReservation', 'setShipping')).toBe(true);
    expect(calls.overlapped('setReservationRecipient', 'addOrderComment')).toBe(true);
    const [reservation] = shop.reservations.values();
    expect(reservation).toEqual([expect.objectContaining({ recipient: shop.orders[0].increment_id, deleted: false })]);
    expect(shop.orders[0].status_histories).toEqual([{ comment: expect.stringContaining('Ready for pickup at Sao Mai Quận 1') }]);
  });

  it('a note whose answer was lost is found by its text when recovery runs the step again, and not written twice', async () => {
    calls.loseAnswer.add('addOrderComment');
    const id = work();
    await sagas.run(id, 'order', INPUT);
    expect((await state.saga(id))!.steps.find((step) => step.name === 'noteOrder')!.status).toBe('STARTED');
    expect(shop.orders[0].status_histories).toHaveLength(1);
    // Not complete yet: nothing told.
    expect(shop.told).toEqual([]);

    expect(await sagas.recover()).toEqual([expect.objectContaining({ finished: expect.objectContaining({ status: 'COMPLETED' }) })]);
    expect(calls.count('orderByNumber')).toBe(1);
    expect(calls.count('addOrderComment')).toBe(1);
    expect(shop.orders[0].status_histories).toHaveLength(1);
    expect((await state.saga(id))!.status).toBe('COMPLETED');
    // Told once recovery completed it; a saga logged without its sale (before sales were published) tells no sale.
    expect(shop.told.map((told) => told.kind)).toEqual(['stock', 'orderStatus', 'pickupQueue']);
    expect(shop.told[1].event).toEqual({ orderId: expect.any(String), status: 'READY_FOR_PICKUP', customerId: null });
  });

  it('a retry of an attempt undone after the order was placed finds that order, and places none again', async () => {
    calls.loseAnswer.add('placeOrder');
    const id = work();
    await expect(sagas.run(id, 'order', INPUT)).rejects.toThrow('placeOrder: no answer');
    // Undone before the pivot: the first reservation is released.
    expect([...shop.reservations.values()].flat().map((item) => item.deleted)).toEqual([true]);

    const result = await sagas.run(id, 'order', INPUT);
    expect(result).toMatchObject({ order: { id: expect.any(String) }, userErrors: [] });
    expect(calls.count('placeOrder')).toBe(1);
    expect(shop.orders).toHaveLength(1);
    // Run again, the reservation step looked for an open one of the first attempt (none: released) before holding the stock anew.
    expect(calls.count('reservationsOfRecipient')).toBe(1);
    expect([...shop.reservations.values()].flat().map((item) => item.deleted)).toEqual([true, false]);
    expect(shop.orders[0].status_histories).toHaveLength(1);
    expect((await state.saga(`${id}.2`))!.status).toBe('COMPLETED');
  });

  it('waits for a step running alongside a failing one before undoing, and answers the first failure in the steps’ order', async () => {
    calls.refuse.set('setShipping', new BusinessRuleError('CART_NOT_FOUND', 'No open cart has this id.'));
    await expect(sagas.run(work(), 'order', INPUT)).rejects.toMatchObject({ code: 'CART_NOT_FOUND' });
    // The reservation made meanwhile is released, and no order placed.
    expect(calls.log.indexOf('+releaseReservation')).toBeGreaterThan(calls.log.indexOf('-createReservation'));
    expect([...shop.reservations.values()].flat().map((item) => item.deleted)).toEqual([true]);
    expect(calls.count('placeOrder')).toBe(0);

    calls.refuse.set('createReservation', new BusinessRuleError('INSUFFICIENT_STOCK', 'Not enough stock.'));
    calls.refuse.set('setShipping', new BusinessRuleError('CART_NOT_FOUND', 'No open cart has this id.'));
    await expect(sagas.run(work(), 'order', INPUT)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
  });

  it('finishes a saga logged before the shipping choice had a step of its own, past its pivot, without it', async () => {
    // As the earlier definition left it: shipping set inside placeOrder, the reservation without its item numbers, the label failing.
    const { reservation } = await shop.erp.createReservationDocument(INPUT.reference, [{ plant: 'S101' }]);
    const entityId = await shop.web.placeOrder();
    const id = work();
    await state.startSaga({ id, kind: 'order', input: INPUT });
    await state.recordStep(id, 'cart', 'DONE', INPUT.cart);
    await state.recordStep(id, 'reserve', 'DONE', { reservation, plant: 'S101' });
    await state.recordStep(id, 'placeOrder', 'DONE', { entityId, number: shop.orders[0].increment_id });
    await state.recordStep(id, 'labelReservation', 'STARTED');
    calls.log.length = 0;

    expect(await sagas.recover()).toEqual([expect.objectContaining({ finished: expect.objectContaining({ status: 'COMPLETED' }) })]);
    expect(calls.count('setShipping')).toBe(0);
    expect(shop.reservations.get(reservation)).toEqual([expect.objectContaining({ recipient: shop.orders[0].increment_id })]);
    expect(shop.orders[0].status_histories).toHaveLength(1);
    expect((await state.saga(id))!.steps.map((step) => [step.name, step.status])).toEqual([
      ['cart', 'DONE'],
      ['reserve', 'DONE'],
      ['placeOrder', 'DONE'],
      ['labelReservation', 'DONE'],
      ['noteOrder', 'DONE'],
    ]);
  });

  it('refuses a definition whose pivot runs alongside another step', () => {
    const definition = orderSaga({ web: shop.web, erp: shop.erp, gate: shop.gate } as unknown as CommerceServices);
    const steps = definition.steps.map((step) => (step.name === 'labelReservation' ? { ...step, alongside: true } : step));
    expect(() => sagas.register({ ...definition, kind: 'order-alongside-pivot', steps })).toThrow('the pivot must be a step of its own');
  });
});
