import { BusinessRuleError } from '../../lib/errors';
import { locationId, retailStoreOfPlant } from '../../lib/ids';
import { type KpiChannel, moneyFact } from '../../lib/live-events';
import { customersReach } from '../../lib/rows';
import {
  CartRef,
  magentoTimeToIso,
  type MagentoOrder,
  type MagentoOrderDetail,
  ShippingAddress,
  storeSourceCode,
  webOrderId,
} from '../../connectors/ecommerce';
import type { StockLine } from '../../connectors/warehouse';
import { type Money, money, toMinorUnits } from '../../lib/money';
import { openCart } from './carts';
import { checkRedemption, dongForPoints, redemptionReference } from './loyalty';
import type { Context } from './context';
import { priceLines, PRICING_CHANNEL_OF } from './pricing';
import type { SagaDefinition } from './saga';
import { CommerceServices, checkLines, customerRecords, locationOf, noteOnce, storeOf } from './services';

/**
 * Checkout and the endless aisle as one saga: reserve the stock at the fulfilling location (ERP
 * reservation, under the stock gate) while the cart takes its shipping choice, place the web order
 * (the pivot), then label the reservation with the order number and note the order, together. A
 * failure before the order exists releases the reservation.
 */

export type Fulfilment = 'SHIP_TO_HOME' | 'PICKUP_IN_STORE';

export interface OrderSagaInput {
  /** Short reference the ERP keeps on the reservation until it carries the web order number (12 characters at most). */
  reference: string;
  /** The cart to order, as checked before the saga; null for an assisted order, whose guest cart the saga opens itself. */
  cart: CartStep | null;
  lines: StockLine[];
  /** Where to fulfil from, in order of preference; the first with the stock is taken. A pickup has only its store. */
  plants: string[];
  fulfilment: Fulfilment;
  address: ShippingAddress;
  payment: 'checkmo' | 'cashondelivery';
  /** For the order's history: who placed it, through what. */
  note: string;
  /** The voucher to put on the cart; null for none; absent on an order that prices nothing. */
  voucherCode?: string | null;
  /** What the goods cost after promotions, as Omnigraph priced them for the channel: the web shop must charge exactly this. */
  goodsTotal?: Money;
  /** Loyalty points paying part of it, from the buyer's card, booked under `reference` (`redemptionReference`). */
  redemption?: { cardId: number; points: number; reference: string } | null;
  /** How the order counts as a sale and whose activity it is; absent in a saga logged before orders were published. */
  sale?: OrderSale;
}

/** What the live events and the KPIs say of an order besides what the saga's steps found. */
export interface OrderSale {
  channel: KpiChannel;
  /** The customer ordering, when the request names them for sure (their own app, an assisted order); null otherwise. */
  customerId: string | null;
  /** The cart checked out, as the graph names it; null for an assisted order's own guest cart. */
  cartId: string | null;
  /** The store it was sold at, for an assisted order; a click & collect order counts at its pickup store. */
  soldAt: string | null;
}

interface CartStep {
  ref: CartRef;
  quoteId: number;
}
interface ReserveStep {
  reservation: string;
  plant: string;
  /** Its item numbers, for the label; absent in a saga logged before they were kept (the label reads them). */
  items?: string[];
}
interface OrderStep {
  entityId: number;
  number: string;
  /** When it was placed and its grand total, as the shop has them; absent in a saga logged before they were kept. */
  placedAt?: string;
  total?: Money;
}

export interface OrderPayload {
  order: { id: string } | null;
  fulfilledFrom: { id: string } | null;
  pointsRedeemed: number;
  userErrors: unknown[];
}

export function orderSaga(services: CommerceServices): SagaDefinition<OrderSagaInput, OrderPayload> {
  const { web, erp, gate } = services;
  const cartOf = (results: Record<string, unknown>): CartStep => results.cart as CartStep;
  const orderStepOf = (order: MagentoOrderDetail): OrderStep => ({
    entityId: order.entity_id,
    number: order.increment_id,
    placedAt: magentoTimeToIso(order.created_at),
    total: money(order.grand_total, order.order_currency_code),
  });
  return {
    kind: 'order',
    pivot: 'placeOrder',
    steps: [
      {
        name: 'cart',
        // A cart checkout names its cart; an assisted order gets a guest cart of its own.
        async run(input) {
          if (input.cart) return input.cart;
          const ref = await web.createGuestCart();
          for (const line of input.lines) await web.addCartItem(ref, line.sku, line.quantity);
          const cart = await web.cart(ref);
          return { ref, quoteId: cart!.quoteId } satisfies CartStep;
        },
      },
      {
        name: 'reserve',
        async run(input, _results, again) {
          if (again) {
            // An earlier attempt's reservation may still be open (the ERP made it but its answer was lost): take it, not more stock.
            const open = (await erp.reservationsOfRecipient(input.reference)).find((r) =>
              r.items.some((item) => !item.deleted && !item.finallyIssued),
            );
            if (open)
              return {
                reservation: open.reservation,
                plant: open.items[0].plant,
                items: open.items.map((item) => item.item),
              } satisfies ReserveStep;
          }
          let shortage: unknown = new BusinessRuleError('NO_FULFILMENT_LOCATION', 'No location has all of this order in stock.', ['input']);
          for (const plant of input.plants) {
            try {
              const created = await gate.allocate(plant, input.lines, () =>
                erp.createReservationDocument(
                  input.reference,
                  input.lines.map((line) => ({ material: line.sku, plant, quantity: line.quantity })),
                ),
              );
              return { reservation: created.reservation, plant, items: created.items.map((item) => item.item) } satisfies ReserveStep;
            } catch (error) {
              if (!(error instanceof BusinessRuleError && error.code === 'INSUFFICIENT_STOCK')) throw error;
              shortage = error;
            }
          }
          throw shortage;
        },
        async compensate(input, data) {
          const reservations = data
            ? [(data as ReserveStep).reservation]
            : (await erp.reservationsOfRecipient(input.reference)).map((r) => r.reservation);
          for (const reservation of reservations) await erp.releaseReservation(reservation);
        },
      },
      {
        name: 'shipping',
        // Needs only the cart and the store, so it runs alongside the reservation. Nothing to undo if
        // the checkout fails: a cart's shipping choice is seen by no one until an order is placed, and
        // the next checkout of the cart sets its own.
        alongside: true,
        async run(input, results) {
          const store = input.fulfilment === 'PICKUP_IN_STORE' ? retailStoreOfPlant(input.plants[0]) : null;
          await web.setShipping(cartOf(results).ref, {
            method: input.fulfilment === 'PICKUP_IN_STORE' ? 'PICKUP' : 'SHIP',
            ...(store ? { pickupSourceCode: storeSourceCode(store) } : {}),
            address: input.address,
          });
          return null;
        },
      },
      {
        name: 'price',
        // The checkout's voucher onto the cart, then never charge another price: the shop's own totals, collected with
        // its own rules, must be Omnigraph's quote (shipping aside, so the shipping step beside it does not matter).
        // A voucher put on the cart some other way is not the quoted price either.
        alongside: true,
        async run(input, results) {
          const { ref } = cartOf(results);
          if (input.voucherCode) await web.applyVoucher(ref, input.voucherCode);
          if (!input.goodsTotal) return null;
          const totals = await web.cartTotals(ref);
          const goods =
            toMinorUnits(totals.total.amount, totals.total.currencyCode) - toMinorUnits(totals.shipping.amount, totals.total.currencyCode);
          if (goods !== toMinorUnits(input.goodsTotal.amount, input.goodsTotal.currencyCode))
            throw new BusinessRuleError(
              'PRICE_CHANGED',
              `The price changed while checking out: ${goods} ${totals.total.currencyCode} now, ${input.goodsTotal.amount} quoted. Review the cart and try again.`,
              ['input', 'cartId'],
            );
          return null;
        },
        async compensate(input, _data, results) {
          if (input.voucherCode && results.cart) await web.removeVoucher(cartOf(results).ref);
        },
      },
      {
        name: 'redeem',
        // After the price check, which compares the goods; points then pay part of the shop's grand total.
        async run(input, results) {
          if (!input.redemption) return { points: 0 };
          const { cardId, points, reference } = input.redemption;
          await services.loyalty.ledger.post({
            cardId,
            orderRef: `redeem:${reference}`,
            movement: 'spend',
            points: -points,
            description: 'Thanh toán bằng điểm cho đơn hàng trực tuyến',
          });
          await web.setRewardPoints(cartOf(results).ref, points, dongForPoints(points));
          return { points };
        },
        async compensate(input, _data, results) {
          if (!input.redemption) return;
          if (results.cart) await web.setRewardPoints(cartOf(results).ref, 0, 0n);
          await services.loyalty.ledger.undoSpend(
            input.redemption.cardId,
            `redeem:${input.redemption.reference}`,
            'Hoàn điểm: đơn hàng trực tuyến không thành',
          );
        },
      },
      {
        name: 'placeOrder',
        async run(input, results, again) {
          const cart = cartOf(results);
          if (again) {
            const placed = await web.orderOfQuote(cart.quoteId);
            if (placed) return orderStepOf(placed);
          }
          await web.placeOrder(cart.ref, input.payment, input.address.email);
          // Magento answers the order's entity id only; the label needs its number.
          const order = await web.orderOfQuote(cart.quoteId);
          if (!order) throw new Error('the web shop placed an order it cannot find');
          return orderStepOf(order);
        },
        async find(_input, results) {
          const order = await web.orderOfQuote(cartOf(results).quoteId);
          return order ? orderStepOf(order) : null;
        },
      },
      {
        name: 'labelReservation',
        // The ERP shows which web order holds the stock, as it does for every web order. Writing the
        // same label again changes nothing, so a rerun need not look first.
        async run(_input, results) {
          const { reservation, items } = results.reserve as ReserveStep;
          await erp.setReservationRecipient(reservation, (results.placeOrder as OrderStep).number, items);
          return null;
        },
      },
      {
        name: 'noteOrder',
        alongside: true,
        async run(input, results, again) {
          const { entityId, number } = results.placeOrder as OrderStep;
          const { plant, reservation } = results.reserve as ReserveStep;
          const place = (await gate.plant(plant))?.name ?? plant;
          const comment =
            input.fulfilment === 'PICKUP_IN_STORE'
              ? `${input.note}. Ready for pickup at ${place}: the items are set aside (reservation ${reservation}).`
              : `${input.note}. Ships from ${place} (reservation ${reservation}).`;
          // Run again, the note may be there already (written, its answer lost): noteOnce looks for its text.
          if (again) await noteOnce(services, number, comment, 'processing');
          else await web.addOrderComment(entityId, comment, 'processing');
          return null;
        },
      },
    ],
    result(_input, results) {
      const { plant } = results.reserve as ReserveStep;
      return {
        order: { id: webOrderId((results.placeOrder as OrderStep).number) },
        fulfilledFrom: { id: locationId(plant) },
        pointsRedeemed: (results.redeem as { points: number } | undefined)?.points ?? 0,
        userErrors: [],
      };
    },
    completed(input, results) {
      const { live } = services;
      const { plant, reservation } = results.reserve as ReserveStep;
      const placed = results.placeOrder as OrderStep;
      const orderId = webOrderId(placed.number);
      const pickup = input.fulfilment === 'PICKUP_IN_STORE';
      const customerId = input.sale?.customerId ?? null;
      live.stockMoved(
        input.lines.map((line) => ({ plant, sku: line.sku })),
        reservation,
      );
      // The status the note step left: a click & collect order waits at its store from now.
      void live.orderStatus({ orderId, status: pickup ? 'READY_FOR_PICKUP' : 'PROCESSING', customerId });
      if (pickup) void live.pickupQueue({ locationId: locationId(plant), orderId }, 'entered');
      if (input.sale && placed.placedAt && placed.total)
        void live.sale({
          orderId,
          channel: input.sale.channel,
          locationId: pickup ? locationId(plant) : input.sale.soldAt,
          placedAt: placed.placedAt,
          revenue: moneyFact(placed.total),
          units: input.lines.reduce((sum, line) => sum + line.quantity, 0),
          clickAndCollect: pickup,
          cartId: input.sale.cartId,
        });
      if (customerId === null) return;
      void live.customerActivity({ customerId, kind: 'ORDER', subjectId: orderId }, orderId);
      if (input.redemption) void live.customerActivity({ customerId, kind: 'LOYALTY', subjectId: orderId }, input.redemption.reference);
    },
  };
}

const CHANNEL_NAMES: Record<string, string> = {
  APP: 'Ordered in the app',
  WEB: 'Ordered on the website',
  STORE_TABLET: 'Ordered on a store tablet',
  CALL_CENTER: 'Ordered through the call center',
};

/** The ordering channels as the KPIs count them: on a store tablet or on the phone, staff assist the customer. */
const KPI_CHANNEL_OF: Record<string, KpiChannel> = { APP: 'APP', WEB: 'WEB', STORE_TABLET: 'ASSISTED', CALL_CENTER: 'ASSISTED' };

/** How an assisted order's note begins (prepareAssistedOrder). */
const ASSISTED_NOTE = 'Ordered at store ';

/**
 * The channel a web order was placed on, as the note Omnigraph wrote when placing it says; an order
 * without one was placed in the web shop itself.
 */
export function kpiChannelOfWebOrder(order: Pick<MagentoOrder, 'status_histories'>): KpiChannel {
  const notes = (order.status_histories ?? []).map((entry) => entry.comment ?? '');
  if (notes.some((note) => note.startsWith(ASSISTED_NOTE))) return 'ASSISTED';
  const channel = Object.keys(CHANNEL_NAMES).find((name) => notes.some((note) => note.startsWith(CHANNEL_NAMES[name])));
  return channel === undefined ? 'WEB' : KPI_CHANNEL_OF[channel];
}

export interface CheckoutRequest {
  cartId: string;
  fulfilment: Fulfilment;
  pickupLocationId?: string | null;
  shipFromLocationId?: string | null;
  address: Omit<ShippingAddress, 'countryCode'>;
  paymentMethod: 'CASH_ON_DELIVERY' | 'PAY_IN_STORE';
  channel: string;
  voucherCode?: string | null;
  redeemPoints?: number | null;
}

/** Checks a checkout (the caller's cart included) and works out where it can be fulfilled, before anything is changed. */
export async function prepareCheckout(context: Context, request: CheckoutRequest, reference: string): Promise<OrderSagaInput> {
  const services = context.commerce;
  const cart = await openCart(context, request.cartId, ['input', 'cartId']);
  if (cart.lines.length === 0) throw new BusinessRuleError('CART_EMPTY', 'The cart is empty.', ['input', 'cartId']);
  const lines = cart.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
  // Priced before anything changes: a voucher that cannot be used refuses the checkout here.
  const pricing = await priceLines(
    services,
    {
      lines,
      channel: PRICING_CHANNEL_OF[request.channel] ?? 'WEB',
      storeCode: null,
      buyer: cart.buyer,
      voucherCode: request.voucherCode ?? null,
    },
    ['input'],
  );
  let plants: string[];
  if (request.fulfilment === 'PICKUP_IN_STORE') {
    if (!request.pickupLocationId)
      throw new BusinessRuleError('LOCATION_NOT_FOUND', 'Click & collect needs the store to collect at.', ['input', 'pickupLocationId']);
    plants = [(await storeOf(services, request.pickupLocationId, ['input', 'pickupLocationId'])).plant.plant];
  } else if (request.shipFromLocationId) {
    plants = [(await locationOf(services, request.shipFromLocationId, ['input', 'shipFromLocationId'])).plant];
  } else {
    plants = await services.gate.deliveryCandidates(lines);
    if (plants.length === 0)
      throw new BusinessRuleError('NO_FULFILMENT_LOCATION', 'No location has all of this order in stock.', ['input', 'cartId']);
  }
  // Whose order it is, when the caller is that customer (openCart found the cart theirs): staff
  // checking out a customer's cart name the cart's web account, not the customer.
  const ownCart = cart.webCustomerId !== null && customersReach(context.caller).kind === 'own';
  return {
    reference,
    cart: { ref: cart.ref, quoteId: cart.quoteId },
    lines,
    plants,
    fulfilment: request.fulfilment,
    address: { ...request.address, countryCode: 'VN' },
    payment: request.paymentMethod === 'PAY_IN_STORE' ? 'checkmo' : 'cashondelivery',
    note: CHANNEL_NAMES[request.channel] ?? 'Ordered',
    voucherCode: pricing.voucherCode,
    goodsTotal: pricing.total,
    redemption: await redemptionOf(
      services,
      cart,
      request.redeemPoints,
      toMinorUnits(pricing.total.amount, pricing.total.currencyCode),
      reference,
    ),
    sale: {
      channel: KPI_CHANNEL_OF[request.channel] ?? 'WEB',
      customerId: ownCart ? context.caller.customerId : null,
      cartId: cart.id,
      soldAt: null,
    },
  };
}

export interface AssistedOrderRequest {
  customerId: string;
  storeLocationId: string;
  associateId: string;
  lines: StockLine[];
  address: Omit<ShippingAddress, 'countryCode'>;
}

/** The endless aisle: delivered from a warehouse, else the nearest other store with all of it. */
export async function prepareAssistedOrder(
  services: CommerceServices,
  request: AssistedOrderRequest,
  reference: string,
): Promise<OrderSagaInput> {
  const customer = await customerRecords(services, request.customerId, ['input', 'customerId']);
  const email = request.address.email || customer.emails[0];
  if (!email)
    throw new BusinessRuleError('CUSTOMER_HAS_NO_EMAIL', 'A web order needs the customer’s email address.', ['input', 'address', 'email']);
  checkLines(request.lines, ['input', 'lines']);
  await checkCatalogue(
    services,
    request.lines.map((line) => line.sku),
    ['input', 'lines'],
  );
  const { plant: store, retailStoreId } = await storeOf(services, request.storeLocationId, ['input', 'storeLocationId']);
  const plants = await services.gate.deliveryCandidates(request.lines, { near: store, exclude: store.plant });
  if (plants.length === 0)
    throw new BusinessRuleError('NO_FULFILMENT_LOCATION', 'No warehouse or other store has all of this in stock.', ['input', 'lines']);
  return {
    reference,
    cart: null,
    lines: request.lines,
    plants,
    fulfilment: 'SHIP_TO_HOME',
    address: { ...request.address, email, countryCode: 'VN' },
    payment: 'cashondelivery',
    note: `${ASSISTED_NOTE}${retailStoreId} by associate ${request.associateId} for ${customer.name}`,
    sale: { channel: 'ASSISTED', customerId: request.customerId, cartId: null, soldAt: locationId(store.plant) },
  };
}

/** Points paying part of a checkout: the signed-in buyer's card, checked against its balance and the goods' price. */
async function redemptionOf(
  services: CommerceServices,
  cart: { webCustomerId: number | null; email: string | null },
  points: number | null | undefined,
  goods: bigint,
  reference: string,
): Promise<OrderSagaInput['redemption']> {
  if (points === null || points === undefined) return null;
  // A guest cart has no member: signing in merges it into the customer's cart first.
  const card =
    cart.webCustomerId === null
      ? null
      : await services.loyalty.members.cardOfWebBuyer({ customer_id: cart.webCustomerId, customer_email: cart.email ?? '' });
  const checked = checkRedemption(card, points, goods);
  return { cardId: checked.id, points, reference: redemptionReference(reference) };
}

/** Every SKU is sold: UNKNOWN_SKU names the first that is not. */
export async function checkCatalogue(services: CommerceServices, skus: string[], field: string[]) {
  const products = await services.web.productsBySkus(skus);
  const known = new Set(products.map((product) => product.sku.toLowerCase()));
  const unknown = skus.findIndex((sku) => !known.has(sku.toLowerCase()));
  if (unknown >= 0)
    throw new BusinessRuleError('UNKNOWN_SKU', `${skus[unknown]} is not in the catalogue.`, [...field, String(unknown), 'sku']);
  return products;
}
