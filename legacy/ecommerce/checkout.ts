import type { FastifyInstance } from 'fastify';
import { AddressInput, readAddress } from './addresses';
import { CartScope, LocatedCart, QuoteItemRow, quoteItems, QuoteRow, repriceCart } from './carts';
import { findCustomer } from './customers';
import { badRequest, invalidFieldValue, MagentoError, requiredField } from './errors';
import { CURRENCY, magentoTime, money } from './format';
import { optionalObject, optionalString, requiredObject, requiredString } from './input';
import { appendReservation, checkSalable, findSource } from './inventory';
import { PAYMENT_TITLES, SHIPPING_DESCRIPTIONS } from './orders';
import { incrementIdFor } from './sales';
import { NO_REWARD, Reward, rewardOfQuote, rewardSegment } from './reward';
import { discountSegment, discountsOf, NO_DISCOUNTS, QuoteDiscounts, recordRuleUse } from './sales-rules';
import type { Shop } from './shop';
import { sql } from './statements';

const FLAT_RATE = 30_000;
const FREE_SHIPPING_FROM = 500_000;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ShippingMethod {
  carrier_code: string;
  method_code: string;
  carrier_title: string;
  method_title: string;
}

const SHIPPING_METHODS: Record<string, ShippingMethod> = {
  flatrate_flatrate: { carrier_code: 'flatrate', method_code: 'flatrate', carrier_title: 'Flat Rate', method_title: 'Fixed' },
  instore_pickup: {
    carrier_code: 'instore',
    method_code: 'pickup',
    carrier_title: 'In-Store Pickup Delivery',
    method_title: 'In Store Pickup',
  },
};

/** Flat rate per order, free from 500,000 VND; picking up in a store is free. */
function shippingAmount(method: string, subtotal: number): number {
  return method === 'flatrate_flatrate' && subtotal < FREE_SHIPPING_FROM ? FLAT_RATE : 0;
}

function subtotalOf(items: QuoteItemRow[]): number {
  return money(items.reduce((sum, item) => sum + item.price * item.qty, 0));
}

/** Before a shipping method is chosen, Magento's totals carry no shipping. */
function totals(items: QuoteItemRow[], method: string | null, discounts: QuoteDiscounts = NO_DISCOUNTS, reward: Reward = NO_REWARD) {
  const subtotal = subtotalOf(items);
  const shipping = method === null ? 0 : shippingAmount(method, subtotal);
  const grandTotal = money(Math.max(subtotal - discounts.amount + shipping - reward.amount, 0));
  const itemDiscount = (itemId: number) => discounts.items.find((d) => d.itemId === itemId)?.amount ?? 0;
  return {
    grand_total: grandTotal,
    base_grand_total: grandTotal,
    subtotal,
    base_subtotal: subtotal,
    discount_amount: -discounts.amount,
    base_discount_amount: -discounts.amount,
    ...(discounts.couponCode === null ? {} : { coupon_code: discounts.couponCode }),
    ...(reward.points > 0 ? { extension_attributes: { reward_points_balance: reward.points, reward_currency_amount: reward.amount } } : {}),
    shipping_amount: shipping,
    base_shipping_amount: shipping,
    items_qty: items.reduce((sum, item) => sum + item.qty, 0),
    base_currency_code: CURRENCY,
    quote_currency_code: CURRENCY,
    items: items.map((item) => ({
      item_id: item.item_id,
      price: item.price,
      base_price: item.price,
      qty: item.qty,
      row_total: money(item.price * item.qty),
      base_row_total: money(item.price * item.qty),
      discount_amount: itemDiscount(item.item_id),
      base_discount_amount: itemDiscount(item.item_id),
      name: item.name,
    })),
    total_segments: [
      { code: 'subtotal', title: 'Subtotal', value: subtotal },
      ...(discounts.amount > 0 ? [discountSegment(discounts)] : []),
      {
        code: 'shipping',
        title: method === null ? 'Shipping & Handling' : `Shipping & Handling (${SHIPPING_DESCRIPTIONS[method]})`,
        value: shipping,
      },
      ...(reward.points > 0 ? [rewardSegment(reward)] : []),
      { code: 'grand_total', title: 'Grand Total', value: grandTotal },
    ],
  };
}

function paymentDetails(items: QuoteItemRow[], method: string, discounts: QuoteDiscounts, reward: Reward) {
  return {
    payment_methods: Object.entries(PAYMENT_TITLES).map(([code, title]) => ({ code, title })),
    totals: totals(items, method, discounts, reward),
  };
}

function pickupLocation(shop: Shop, info: unknown): string {
  const code = optionalString(optionalObject(info, 'extension_attributes'), 'pickup_location_code');
  if (!code) throw badRequest('A pickup location is required for In-Store Pickup Delivery.');
  const source = findSource(shop.db, code);
  if (!source || !source.enabled || !source.is_pickup_location_active) {
    throw new MagentoError(400, 'Pickup Location "%1" is not available for In-Store Pickup Delivery.', [code]);
  }
  return source.source_code;
}

function saveShippingInformation(shop: Shop, cart: LocatedCart, body: unknown) {
  const info = requiredObject(body, 'address_information');
  const items = repriceCart(shop, cart.quote.entity_id);
  if (items.length === 0) throw badRequest("The shipping method can't be set for an empty cart. Add an item to cart and try again.");
  const shippingInput = optionalObject(info, 'shipping_address');
  if (!shippingInput) throw badRequest('The shipping address is missing. Set the address and try again.');
  const shipping = readAddress(shippingInput);
  const billingInput = optionalObject(info, 'billing_address');
  const billing = billingInput ? readAddress(billingInput) : shipping;
  const carrier = requiredString(info, 'shipping_carrier_code');
  const methodCode = requiredString(info, 'shipping_method_code');
  const method = `${carrier}_${methodCode}`;
  if (!SHIPPING_METHODS[method]) throw new MagentoError(404, 'Carrier with such method not found: %1, %2', [carrier, methodCode]);
  const pickup = method === 'instore_pickup' ? pickupLocation(shop, info) : null;
  sql(
    shop.db,
    `UPDATE quote SET shipping_method = ?, pickup_location_code = ?, shipping_address = ?, billing_address = ?,
    customer_email = COALESCE(customer_email, ?), updated_at = ? WHERE entity_id = ?`,
  ).run(
    method,
    pickup,
    JSON.stringify(shipping),
    JSON.stringify(billing),
    shipping.email ?? null,
    magentoTime(shop.now()),
    cart.quote.entity_id,
  );
  return paymentDetails(items, method, discountsOf(shop, cart.quote, items), rewardOfQuote(shop.db, cart.quote.entity_id));
}

function shippingMethods(shop: Shop, cart: LocatedCart) {
  if (!cart.quote.shipping_address) throw badRequest('The shipping address is missing. Set the address and try again.');
  const subtotal = subtotalOf(quoteItems(shop.db, cart.quote.entity_id));
  return Object.entries(SHIPPING_METHODS).map(([code, method]) => {
    const amount = shippingAmount(code, subtotal);
    return { ...method, amount, base_amount: amount, available: true, error_message: '', price_excl_tax: amount, price_incl_tax: amount };
  });
}

interface Payment {
  method: string;
  email: string | undefined;
  billing: AddressInput | undefined;
}

function readPayment(body: unknown, guest: boolean): Payment {
  const method = requiredString(requiredObject(body, 'payment_method'), 'method');
  if (!PAYMENT_TITLES[method]) throw badRequest('The requested Payment Method is not available.');
  const email = guest ? requiredString(body, 'email').trim() : undefined;
  if (email !== undefined && !EMAIL_PATTERN.test(email)) throw invalidFieldValue('email', email);
  const billingInput = optionalObject(body, 'billing_address');
  return { method, email, billing: billingInput ? readAddress(billingInput) : undefined };
}

/** Stock per SKU across the cart's lines. */
function qtyBySku(items: QuoteItemRow[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const item of items) wanted.set(item.sku, (wanted.get(item.sku) ?? 0) + item.qty);
  return wanted;
}

function buyerOf(shop: Shop, quote: QuoteRow, payment: Payment, billing: AddressInput) {
  const customer = quote.customer_id === null ? undefined : findCustomer(shop.db, quote.customer_id);
  if (customer) return { id: customer.entity_id, email: customer.email, firstname: customer.firstname, lastname: customer.lastname };
  return { id: null, email: payment.email ?? quote.customer_email ?? '', firstname: billing.firstname, lastname: billing.lastname };
}

/**
 * Places the order in one transaction: the salable check and the reservations it appends cannot be
 * split by another order for the same stock. The order continues the seed's increment numbering.
 */
function placeOrder(shop: Shop, cart: LocatedCart, payment: Payment): number {
  const { db } = shop;
  const quote = cart.quote;
  return db.transaction(() => {
    const items = repriceCart(shop, quote.entity_id);
    if (!quote.shipping_method || !quote.shipping_address || items.length === 0) {
      throw badRequest('The shipping method is missing. Select the shipping method and try again.');
    }
    for (const [sku, qty] of qtyBySku(items)) checkSalable(shop, sku, qty);
    const shippingAddress = JSON.parse(quote.shipping_address) as AddressInput;
    const billing = payment.billing ?? (quote.billing_address ? (JSON.parse(quote.billing_address) as AddressInput) : shippingAddress);
    const buyer = buyerOf(shop, quote, payment, billing);
    // A guest cart ordered through the admin scope takes its email from the addresses; without one there is no buyer to confirm to.
    if (!buyer.email) throw requiredField('email');
    const discounts = discountsOf(shop, quote, items);
    const reward = rewardOfQuote(db, quote.entity_id);
    const { subtotal, shipping_amount: shipping, grand_total: grandTotal } = totals(items, quote.shipping_method, discounts, reward);
    const { next } = sql(db, 'SELECT COALESCE(MAX(entity_id), 0) + 1 AS next FROM sales_order').get() as { next: number };
    const incrementId = incrementIdFor(next);
    const now = magentoTime(shop.now());
    sql(
      db,
      `INSERT INTO sales_order
      (entity_id, increment_id, quote_id, customer_id, customer_email, customer_firstname, customer_lastname, customer_is_guest, state, status,
       subtotal, discount_amount, shipping_amount, grand_total, shipping_method, pickup_location_code, fulfilment_source_code, payment_method,
       shipping_address, billing_address, coupon_code, discount_description, applied_rule_ids, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      next,
      incrementId,
      quote.entity_id,
      buyer.id,
      buyer.email,
      buyer.firstname,
      buyer.lastname,
      buyer.id === null ? 1 : 0,
      subtotal,
      -discounts.amount,
      shipping,
      grandTotal,
      quote.shipping_method,
      quote.pickup_location_code,
      quote.pickup_location_code,
      payment.method,
      JSON.stringify({ ...shippingAddress, email: buyer.email }),
      JSON.stringify({ ...billing, email: buyer.email }),
      discounts.couponCode,
      discounts.description,
      discounts.appliedRuleIds.length > 0 ? discounts.appliedRuleIds.join(',') : null,
      now,
      now,
    );
    recordRuleUse(db, discounts);
    if (reward.points > 0)
      sql(db, 'UPDATE sales_order SET reward_points_balance = ?, reward_currency_amount = ? WHERE entity_id = ?').run(
        reward.points,
        reward.amount,
        next,
      );
    for (const item of items) {
      sql(
        db,
        `INSERT INTO sales_order_item (order_id, sku, name, qty_ordered, price, row_total, discount_amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        next,
        item.sku,
        item.name,
        item.qty,
        item.price,
        money(item.price * item.qty),
        discounts.items.find((d) => d.itemId === item.item_id)?.amount ?? 0,
      );
    }
    for (const [sku, qty] of qtyBySku(items))
      appendReservation(db, { sku, quantity: -qty, event: 'order_placed', orderId: next, incrementId });
    sql(db, 'UPDATE quote SET is_active = 0, customer_email = ?, updated_at = ? WHERE entity_id = ?').run(
      buyer.email,
      now,
      quote.entity_id,
    );
    return next;
  })();
}

/** Shipping and payment steps, the same for guest carts and customer carts. */
export function registerCheckoutRoutes(app: FastifyInstance, shop: Shop, scope: CartScope): void {
  const active = { active: true };
  app.post(`${scope.path}/shipping-information`, { config: { operation: `${scope.operation}.shippingInformation` } }, async (request) =>
    saveShippingInformation(shop, scope.locate(request, active), request.body),
  );
  // Collecting totals reprices the lines and applies the cart price rules, as the cart page shows them.
  app.get(`${scope.path}/totals`, { config: { operation: `${scope.operation}.totals` } }, async (request) => {
    const cart = scope.locate(request, active);
    const items = repriceCart(shop, cart.quote.entity_id);
    return totals(items, cart.quote.shipping_method, discountsOf(shop, cart.quote, items), rewardOfQuote(shop.db, cart.quote.entity_id));
  });
  app.get(`${scope.path}/shipping-methods`, { config: { operation: `${scope.operation}.shippingMethods` } }, async (request) =>
    shippingMethods(shop, scope.locate(request, active)),
  );
  app.post(`${scope.path}/payment-information`, { config: { operation: `${scope.operation}.paymentInformation` } }, async (request) => {
    const cart = scope.locate(request, active);
    return placeOrder(shop, cart, readPayment(request.body, scope.guest));
  });
}
