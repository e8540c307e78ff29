import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../kit/db';
import { currentPrice, requireProduct } from './catalog';
import { CustomerRow, findCustomer, findCustomers } from './customers';
import { badRequest, MagentoError, noSuchEntity, notAuthorized } from './errors';
import { CURRENCY, magentoTime, STORE_ID } from './format';
import { pathInt, requiredInt, requiredNumber, requiredObject, requiredString } from './input';
import { checkSalable } from './inventory';
import { searchResults, SearchSpec } from './search';
import { sendJson } from './reply';
import type { Shop } from './shop';
import { groupBy, jsonList, sql } from './statements';

const RESOURCE = 'Magento_Cart::manage';

export interface QuoteRow {
  entity_id: number;
  masked_id: string | null;
  customer_id: number | null;
  customer_email: string | null;
  is_active: number;
  shipping_method: string | null;
  pickup_location_code: string | null;
  shipping_address: string | null;
  billing_address: string | null;
  coupon_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface QuoteItemRow {
  item_id: number;
  quote_id: number;
  sku: string;
  name: string;
  qty: number;
  price: number;
}

/** A cart as one route addresses it. */
export interface LocatedCart {
  quote: QuoteRow;
  /** What the cart is called in this scope: the masked id for guests, the numeric id otherwise. */
  reference: string;
}

/**
 * Guest carts are reached by masked id, customer carts through the token ("mine"), and any cart by its
 * numeric id for admin callers (`/carts/{cartId}`, Magento_Cart::manage). The scopes share the item and
 * checkout routes; a write needs an active cart, and an ordered (inactive) one looks missing.
 */
export interface CartScope {
  /** Route prefix of the cart, e.g. `/guest-carts/:cartId`. */
  path: string;
  /** Operation-name prefix for the call counters. */
  operation: string;
  guest: boolean;
  locate(request: FastifyRequest, options: { active: boolean }): LocatedCart;
}

const CART_SEARCH: SearchSpec = {
  from: 'quote',
  select: '*',
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    customer_id: { column: 'customer_id', type: 'int' },
    customer_email: { column: 'customer_email', type: 'text' },
    is_active: { column: 'is_active', type: 'bool' },
    created_at: { column: 'created_at', type: 'text' },
    updated_at: { column: 'updated_at', type: 'text' },
  },
};

export function quoteItems(db: Db, quoteId: number): QuoteItemRow[] {
  return sql(db, 'SELECT * FROM quote_item WHERE quote_id = ? ORDER BY item_id').all(quoteId) as QuoteItemRow[];
}

function activeCartOf(db: Db, customerId: number): QuoteRow | undefined {
  return sql(db, 'SELECT * FROM quote WHERE customer_id = ? AND is_active = 1 ORDER BY entity_id DESC LIMIT 1').get(customerId) as
    QuoteRow | undefined;
}

export const guestScope = (shop: Shop): CartScope => ({
  path: '/guest-carts/:cartId',
  operation: 'guestCarts',
  guest: true,
  locate(request, { active }) {
    const maskedId = (request.params as { cartId: string }).cartId;
    const quote = sql(shop.db, 'SELECT * FROM quote WHERE masked_id = ?').get(maskedId) as QuoteRow | undefined;
    if (!quote || (active && !quote.is_active)) throw noSuchEntity('cartId', maskedId);
    return { quote, reference: maskedId };
  },
});

export const mineScope = (shop: Shop): CartScope => ({
  path: '/carts/mine',
  operation: 'myCart',
  guest: false,
  locate(request) {
    const customerId = shop.auth.requireCustomer(request);
    const quote = activeCartOf(shop.db, customerId);
    if (!quote) throw noSuchEntity('customerId', customerId);
    return { quote, reference: String(quote.entity_id) };
  },
});

/** The back office's scope: any cart, guest or customer, by its numeric id, for admin and integration tokens. */
export const adminScope = (shop: Shop): CartScope => ({
  path: '/carts/:cartId',
  operation: 'carts',
  guest: false,
  locate(request, { active }) {
    shop.auth.requireAdmin(request, RESOURCE);
    const cartId = pathInt((request.params as { cartId: string }).cartId, 'cartId');
    const quote = sql(shop.db, 'SELECT * FROM quote WHERE entity_id = ?').get(cartId) as QuoteRow | undefined;
    if (!quote || (active && !quote.is_active)) throw noSuchEntity('cartId', cartId);
    return { quote, reference: String(quote.entity_id) };
  },
});

function touchCart(shop: Shop, quoteId: number): void {
  sql(shop.db, 'UPDATE quote SET updated_at = ? WHERE entity_id = ?').run(magentoTime(shop.now()), quoteId);
}

/** Collecting totals reprices every line at today's price; untouched carts keep the price of their last change. */
export function repriceCart(shop: Shop, quoteId: number): QuoteItemRow[] {
  const at = shop.now();
  const items = quoteItems(shop.db, quoteId).map((item) => ({ ...item, price: currentPrice(requireProduct(shop.db, item.sku), at) }));
  for (const item of items) sql(shop.db, 'UPDATE quote_item SET price = ? WHERE item_id = ?').run(item.price, item.item_id);
  touchCart(shop, quoteId);
  return items;
}

function formatItem(item: QuoteItemRow, reference: string) {
  return {
    item_id: item.item_id,
    sku: item.sku,
    qty: item.qty,
    name: item.name,
    price: item.price,
    product_type: 'simple',
    // quote_id is a string: the masked id on guest routes.
    quote_id: reference,
  };
}

function formatCartCustomer(quote: QuoteRow, customer: CustomerRow | undefined) {
  if (!customer) return { email: quote.customer_email, firstname: null, lastname: null };
  return {
    id: customer.entity_id,
    group_id: customer.group_id,
    created_at: customer.created_at,
    updated_at: customer.updated_at,
    created_in: 'Default Store View',
    email: customer.email,
    firstname: customer.firstname,
    lastname: customer.lastname,
    store_id: customer.store_id,
    website_id: customer.website_id,
    addresses: [],
    disable_auto_group_change: 0,
  };
}

function formatShippingAssignments(quote: QuoteRow) {
  if (!quote.shipping_method || !quote.shipping_address) return [];
  return [{ shipping: { address: { address_type: 'shipping', ...JSON.parse(quote.shipping_address) }, method: quote.shipping_method } }];
}

/** Carts with their items and customers, each fetched once for the whole list. */
function formatCarts(db: Db, quotes: QuoteRow[]) {
  const ids = jsonList(quotes.map((q) => q.entity_id));
  const items = groupBy(
    sql(db, 'SELECT * FROM quote_item WHERE quote_id IN (SELECT value FROM json_each(?)) ORDER BY item_id').all(ids) as QuoteItemRow[],
    (i) => i.quote_id,
  );
  const customers = findCustomers(
    db,
    quotes.flatMap((q) => (q.customer_id === null ? [] : [q.customer_id])),
  );
  return quotes.map((quote) => {
    const own = items.get(quote.entity_id) ?? [];
    return {
      id: quote.entity_id,
      created_at: quote.created_at,
      updated_at: quote.updated_at,
      is_active: quote.is_active === 1,
      is_virtual: false,
      items: own.map((item) => formatItem(item, String(quote.entity_id))),
      items_count: own.length,
      items_qty: own.reduce((sum, item) => sum + item.qty, 0),
      customer: formatCartCustomer(quote, quote.customer_id === null ? undefined : customers.get(quote.customer_id)),
      ...(quote.billing_address ? { billing_address: { address_type: 'billing', ...JSON.parse(quote.billing_address) } } : {}),
      orig_order_id: 0,
      currency: {
        global_currency_code: CURRENCY,
        base_currency_code: CURRENCY,
        store_currency_code: CURRENCY,
        quote_currency_code: CURRENCY,
        store_to_base_rate: 0,
        store_to_quote_rate: 0,
        base_to_global_rate: 1,
        base_to_quote_rate: 1,
      },
      customer_is_guest: quote.customer_id === null,
      customer_note_notify: true,
      customer_tax_class_id: 3,
      store_id: STORE_ID,
      extension_attributes: { shipping_assignments: formatShippingAssignments(quote) },
    };
  });
}

function formatCart(db: Db, quote: QuoteRow) {
  return formatCarts(db, [quote])[0];
}

function readQty(source: unknown): number {
  const qty = requiredNumber(source, 'qty');
  if (qty <= 0) throw badRequest('Please enter a number greater than 0 in this field.');
  return qty;
}

const itemNotInCart = (reference: string, itemId: number | string) =>
  new MagentoError(404, "The %1 Cart doesn't contain the %2 item.", [reference, itemId]);

function findItem(db: Db, cart: LocatedCart, rawItemId: string): QuoteItemRow {
  const item = /^\d+$/.test(rawItemId)
    ? (sql(db, 'SELECT * FROM quote_item WHERE item_id = ? AND quote_id = ?').get(Number(rawItemId), cart.quote.entity_id) as
        QuoteItemRow | undefined)
    : undefined;
  if (!item) throw itemNotInCart(cart.reference, rawItemId);
  return item;
}

/** Adding a SKU already in the cart adds to its line; stock must cover the line's new quantity. */
function addItem(shop: Shop, cart: LocatedCart, body: unknown) {
  const input = requiredObject(body, 'cart_item');
  const product = requireProduct(shop.db, requiredString(input, 'sku'));
  const qty = readQty(input);
  if (product.status !== 1) throw badRequest('Product that you are trying to add is not available.');
  const existing = sql(shop.db, 'SELECT * FROM quote_item WHERE quote_id = ? AND sku = ?').get(cart.quote.entity_id, product.sku) as
    QuoteItemRow | undefined;
  checkSalable(shop, product.sku, (existing?.qty ?? 0) + qty);
  const itemId = shop.db.transaction(() => {
    if (existing) {
      sql(shop.db, 'UPDATE quote_item SET qty = qty + ? WHERE item_id = ?').run(qty, existing.item_id);
      return existing.item_id;
    }
    const { lastInsertRowid } = sql(shop.db, 'INSERT INTO quote_item (quote_id, sku, name, qty, price) VALUES (?, ?, ?, ?, ?)').run(
      cart.quote.entity_id,
      product.sku,
      product.name,
      qty,
      currentPrice(product, shop.now()),
    );
    return Number(lastInsertRowid);
  })();
  const items = repriceCart(shop, cart.quote.entity_id);
  return formatItem(items.find((item) => item.item_id === itemId) as QuoteItemRow, cart.reference);
}

function updateItem(shop: Shop, cart: LocatedCart, rawItemId: string, body: unknown) {
  const item = findItem(shop.db, cart, rawItemId);
  const qty = readQty(requiredObject(body, 'cart_item'));
  checkSalable(shop, item.sku, qty);
  sql(shop.db, 'UPDATE quote_item SET qty = ? WHERE item_id = ?').run(qty, item.item_id);
  const items = repriceCart(shop, cart.quote.entity_id);
  return formatItem(items.find((i) => i.item_id === item.item_id) as QuoteItemRow, cart.reference);
}

function removeItem(shop: Shop, cart: LocatedCart, rawItemId: string): void {
  const item = findItem(shop.db, cart, rawItemId);
  sql(shop.db, 'DELETE FROM quote_item WHERE item_id = ?').run(item.item_id);
  repriceCart(shop, cart.quote.entity_id);
}

function createGuestCart(shop: Shop): string {
  // Magento's quote id mask is an md5-style 32-character hex string.
  const maskedId = randomBytes(16).toString('hex');
  const now = magentoTime(shop.now());
  sql(shop.db, 'INSERT INTO quote (masked_id, is_active, created_at, updated_at) VALUES (?, 1, ?, ?)').run(maskedId, now, now);
  return maskedId;
}

/** Returns the customer's active cart, opening one if there is none. */
function cartIdForCustomer(shop: Shop, customerId: number): number {
  const existing = activeCartOf(shop.db, customerId);
  if (existing) return existing.entity_id;
  const customer = findCustomer(shop.db, customerId);
  if (!customer) throw noSuchEntity('customerId', customerId);
  const now = magentoTime(shop.now());
  const { lastInsertRowid } = sql(
    shop.db,
    'INSERT INTO quote (customer_id, customer_email, is_active, created_at, updated_at) VALUES (?, ?, 1, ?, ?)',
  ).run(customerId, customer.email, now, now);
  return Number(lastInsertRowid);
}

/**
 * Hands a guest cart to a customer after sign-in. Magento refuses when the customer already has an
 * active cart rather than merging: the caller has to merge the two itself.
 */
function assignCustomer(shop: Shop, request: FastifyRequest, cart: LocatedCart): true {
  const customerId = requiredInt(request.body, 'customer_id');
  const storeId = requiredInt(request.body, 'store_id');
  const caller = shop.auth.callerOf(request);
  if (caller.kind === 'anonymous' || (caller.kind === 'customer' && caller.customerId !== customerId)) {
    throw notAuthorized('self');
  }
  const customer = findCustomer(shop.db, customerId);
  if (!customer) throw noSuchEntity('customerId', customerId);
  if (storeId !== customer.store_id) throw badRequest("The customer can't be assigned to the cart. The cart belongs to a different store.");
  if (cart.quote.customer_id !== null) throw badRequest("The customer can't be assigned to the cart because the cart isn't anonymous.");
  if (activeCartOf(shop.db, customerId)) {
    throw badRequest("The customer can't be assigned to the cart because the customer already has an active cart.");
  }
  sql(shop.db, 'UPDATE quote SET customer_id = ?, customer_email = ?, updated_at = ? WHERE entity_id = ?').run(
    customerId,
    customer.email,
    magentoTime(shop.now()),
    cart.quote.entity_id,
  );
  return true;
}

function registerItemRoutes(app: FastifyInstance, shop: Shop, scope: CartScope): void {
  const active = { active: true };
  app.get(`${scope.path}/items`, { config: { operation: `${scope.operation}.items.list` } }, async (request) => {
    const cart = scope.locate(request, active);
    return quoteItems(shop.db, cart.quote.entity_id).map((item) => formatItem(item, cart.reference));
  });
  app.post(`${scope.path}/items`, { config: { operation: `${scope.operation}.items.add` } }, async (request) =>
    addItem(shop, scope.locate(request, active), request.body),
  );
  app.put<{ Params: { itemId: string } }>(
    `${scope.path}/items/:itemId`,
    { config: { operation: `${scope.operation}.items.update` } },
    async (request) => updateItem(shop, scope.locate(request, active), request.params.itemId, request.body),
  );
  app.delete<{ Params: { itemId: string } }>(
    `${scope.path}/items/:itemId`,
    { config: { operation: `${scope.operation}.items.remove` } },
    async (request) => {
      removeItem(shop, scope.locate(request, active), request.params.itemId);
      return true;
    },
  );
}

export function registerCartRoutes(
  app: FastifyInstance,
  shop: Shop,
  scopes: { guest: CartScope; mine: CartScope; admin: CartScope },
): void {
  const { db, auth } = shop;

  app.post('/guest-carts', { config: { operation: 'guestCarts.create' } }, async (_request, reply) =>
    sendJson(reply, createGuestCart(shop)),
  );
  // A guest cart still reads after it was ordered (is_active false); only writes need it active.
  app.get('/guest-carts/:cartId', { config: { operation: 'guestCarts.get' } }, async (request) =>
    formatCart(db, scopes.guest.locate(request, { active: false }).quote),
  );
  app.put('/guest-carts/:cartId', { config: { operation: 'guestCarts.assignCustomer' } }, async (request) =>
    assignCustomer(shop, request, scopes.guest.locate(request, { active: true })),
  );

  app.post('/carts/mine', { config: { operation: 'myCart.create' } }, async (request) =>
    cartIdForCustomer(shop, auth.requireCustomer(request)),
  );
  // The back office's /carts/mine: the customer's active cart, opened if there is none.
  app.post<{ Params: { customerId: string } }>(
    '/customers/:customerId/carts',
    { config: { operation: 'carts.createForCustomer' } },
    async (request) => {
      auth.requireAdmin(request, RESOURCE);
      return cartIdForCustomer(shop, pathInt(request.params.customerId, 'customerId'));
    },
  );
  app.get('/carts/mine', { config: { operation: 'myCart.get' } }, async (request) =>
    formatCart(db, scopes.mine.locate(request, { active: true }).quote),
  );

  app.get('/carts/search', { config: { operation: 'carts.search' } }, async (request) => {
    auth.requireAdmin(request, RESOURCE);
    return searchResults(db, CART_SEARCH, request.query, { mandatory: true }, (rows: QuoteRow[]) => formatCarts(db, rows));
  });
  app.get('/carts/:cartId', { config: { operation: 'carts.get' } }, async (request) =>
    formatCart(db, scopes.admin.locate(request, { active: false }).quote),
  );

  registerItemRoutes(app, shop, scopes.guest);
  registerItemRoutes(app, shop, scopes.mine);
  registerItemRoutes(app, shop, scopes.admin);
}
