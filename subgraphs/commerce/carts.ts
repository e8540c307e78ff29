import type { Caller } from '../../lib/context';
import { BusinessRuleError } from '../../lib/errors';
import { locationId } from '../../lib/ids';
import type { CartEvent } from '../../lib/live-events';
import { reachableCart } from '../../lib/rows';
import { CartRef, cartIdOf, cartRefOf, WebCartDetail } from '../../connectors/ecommerce';
import type { Context } from './context';
import { CommerceServices, customerRecords } from './services';

/**
 * One cart everywhere: a signed-in customer has one cart in the web shop, and the app, the website
 * and a store tablet all work on that one through the graph. Guest carts merge into it on sign-in.
 */

export interface CartPayload {
  cart: { id: string } | null;
  userErrors: [];
}

const MAX_QUANTITY = 999;

const payloadOf = (ref: CartRef): CartPayload => ({ cart: { id: cartIdOf(ref) }, userErrors: [] });

async function webAccountOf(services: CommerceServices, customerId: string): Promise<number> {
  const customer = await customerRecords(services, customerId, ['input', 'customerId']);
  // Duplicate web accounts are merge candidates; until merged, the oldest is the one carts live in.
  const webCustomerId = customer.webCustomerIds[0];
  if (webCustomerId === undefined)
    throw new BusinessRuleError('CUSTOMER_NOT_FOUND', 'This customer has no web account to keep a cart in.', ['input', 'customerId']);
  return webCustomerId;
}

/**
 * The open cart an id names, if the caller may use it (lib/rows.ts: a guest cart by its masked id,
 * a customer's only by staff or that customer; refused before any write).
 */
export async function openCart(context: Context, cartId: string, field: string[]): Promise<WebCartDetail> {
  const ref = cartRefOf(cartId);
  if (!ref) throw new BusinessRuleError('INVALID_ID', 'This is not a cart id.', field);
  const cart = await reachableCart(context.caller, ref.kind, () => context.commerce.web.cart(ref), context.signedIn);
  if (!cart?.active) throw new BusinessRuleError('CART_NOT_FOUND', 'No open cart has this id.', field);
  return cart;
}

function checkQuantity(quantity: number, minimum: number): void {
  if (!Number.isInteger(quantity) || quantity < minimum || quantity > MAX_QUANTITY) {
    throw new BusinessRuleError('INVALID_QUANTITY', `A quantity is a whole number from ${minimum} to ${MAX_QUANTITY}.`, [
      'input',
      'quantity',
    ]);
  }
}

/**
 * Where a cart is opened, as the KPIs count carts: staff (a store tablet, the call center) open one
 * for a customer they assist, at their store when they work at one. The app and the website sign
 * customers and guests in as one client, so their carts count as the website's.
 */
function openedOn(caller: Caller): Pick<CartEvent, 'channel' | 'locationId'> {
  if (!caller.roles.some((role) => role === 'store-associate' || role === 'store-manager' || role === 'call-center-agent'))
    return { channel: 'WEB', locationId: null };
  return { channel: 'ASSISTED', locationId: caller.stores.length === 1 ? locationId(caller.stores[0]) : null };
}

/**
 * A new guest cart, or the customer's one open cart (opened when they have none): the KPIs count
 * carts by id, so one asked for again counts once.
 */
export async function createCart(context: Context, customerId: string | null | undefined): Promise<CartPayload> {
  const services = context.commerce;
  const ref = customerId ? await services.web.customerCart(await webAccountOf(services, customerId)) : await services.web.createGuestCart();
  void services.live.cart({ cartId: cartIdOf(ref), ...openedOn(context.caller), at: services.now().toISOString() });
  return payloadOf(ref);
}

export async function addCartLine(context: Context, input: { cartId: string; sku: string; quantity: number }): Promise<CartPayload> {
  checkQuantity(input.quantity, 1);
  const { ref } = await openCart(context, input.cartId, ['input', 'cartId']);
  await context.commerce.web.addCartItem(ref, input.sku, input.quantity);
  return payloadOf(ref);
}

export async function updateCartLine(context: Context, input: { cartId: string; sku: string; quantity: number }): Promise<CartPayload> {
  checkQuantity(input.quantity, 0);
  const { ref } = await openCart(context, input.cartId, ['input', 'cartId']);
  await context.commerce.web.setCartItemQuantity(ref, input.sku, input.quantity);
  return payloadOf(ref);
}

/**
 * The guest cart's lines into the customer's cart; a SKU in both keeps the larger quantity. Safe to
 * run again after a failure part-way: taking the larger quantity twice changes nothing.
 */
export async function mergeGuestCart(context: Context, input: { guestCartId: string; customerId: string }): Promise<CartPayload> {
  const services = context.commerce;
  const guestRef = cartRefOf(input.guestCartId);
  if (guestRef?.kind !== 'guest') throw new BusinessRuleError('INVALID_ID', 'This is not a guest cart.', ['input', 'guestCartId']);
  const guest = await openCart(context, input.guestCartId, ['input', 'guestCartId']);
  const webCustomerId = await webAccountOf(services, input.customerId);
  const [existing] = await services.web.activeCartsOfCustomers([webCustomerId]);
  if (!existing) {
    await services.web.assignGuestCart(guestRef.maskedId, webCustomerId);
    return payloadOf({ kind: 'customer', quoteId: guest.quoteId });
  }
  const customerRef = await services.web.customerCart(webCustomerId);
  const mine = (await services.web.cart(customerRef))!;
  for (const line of guest.lines) {
    const current = mine.lines.find((candidate) => candidate.sku.toLowerCase() === line.sku.toLowerCase());
    if (!current) await services.web.addCartItem(customerRef, line.sku, line.quantity);
    else if (line.quantity > current.quantity) await services.web.setCartItemQuantity(customerRef, current.sku, line.quantity);
  }
  for (const line of guest.lines) await services.web.setCartItemQuantity(guestRef, line.sku, 0);
  return payloadOf(customerRef);
}
