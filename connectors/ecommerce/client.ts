import { BusinessRuleError } from '../../lib/errors';
import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';
import { nameLikePatterns, skuLikePattern } from './catalog-search';
import { type CartTotals, cartTotalsOf, type MagentoCartTotals } from './promotions';
import { catalogProductOf, isoToMagentoTime, magentoTimeToIso, webAccountOf, webCartDetailOf, webCustomerOf, webOrderOf } from './mapping';
import {
  cartRefOf,
  type CartRef,
  type CatalogChange,
  type CatalogPage,
  type CatalogProduct,
  type Category,
  type OrderPage,
  type PaymentMethod,
  type ShippingAddress,
  type ShippingChoice,
  type WebAccountChange,
  type WebAccountRecord,
  type WebCartDetail,
  type WebCustomer,
  type WebOrderRecord,
} from './records';
import {
  accountRefusal,
  assignmentRefusal,
  cartRefusal,
  customerRefusal,
  orderRefusal,
  orNull,
  refundRefusal,
  refusing,
  shipmentRefusal,
} from './refusals';
import {
  anyOf,
  type Criteria,
  type Filter,
  inUrlSizedChunks,
  itemsOfPage,
  MAX_PAGE_SIZE,
  pagesCovering,
  type SearchResults,
  searchParams,
} from './search-criteria';
import {
  type MagentoAccount,
  type MagentoCartDetail,
  type MagentoCategory,
  type MagentoCustomer,
  type MagentoOrder,
  type MagentoOrderDetail,
  type MagentoProduct,
  type MagentoSavedProduct,
  OPEN_ORDER_STATES,
} from './wire';

/**
 * The one client for the web shop (Magento 2 REST): its transport and its calls. Its quirks stop in
 * this folder (README.md): query building in search-criteria.ts, Magento's JSON in wire.ts, its
 * translation into records in mapping.ts, its refusals in refusals.ts.
 */

/** Where the shop answers for the cart: the guest routes by masked id, the back office's by quote id. */
function cartPath(ref: CartRef): string {
  return ref.kind === 'guest' ? path`/guest-carts/${ref.maskedId}` : path`/carts/${ref.quoteId}`;
}

/** How a cart item names its cart in a request body: the masked id on guest routes, the quote id otherwise. */
const cartKey = (ref: CartRef) => (ref.kind === 'guest' ? ref.maskedId : ref.quoteId);

/** Magento's address fields. */
function magentoAddress(address: ShippingAddress) {
  return {
    firstname: address.firstName,
    lastname: address.lastName,
    street: address.street,
    city: address.city,
    country_id: address.countryCode,
    telephone: address.phone,
    email: address.email,
  };
}

/** One website, one store view: what a cart handed to a customer must belong to. */
const STORE_ID = 1;

export class EcommerceClient {
  constructor(
    readonly http: LegacyHttp,
    /** Accounts a page of the directory's whole read. */
    private readonly customerPageSize = MAX_PAGE_SIZE,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): EcommerceClient {
    const http = new LegacyHttp({
      ...legacyHttpOptionsFromEnv('ecommerce', `${env.ECOMMERCE_URL ?? 'http://127.0.0.1:8081'}/rest/V1`, env),
      headers: {
        Authorization: `Bearer ${env.ECOMMERCE_INTEGRATION_TOKEN ?? 'ecommerce-dev-token'}`,
        // Body-less POSTs (a new cart, a cancel) would go out as axios' default form type, which Magento's webapi refuses.
        'Content-Type': 'application/json',
      },
    });
    return new EcommerceClient(http);
  }

  async search<T>(resource: string, criteria: Criteria): Promise<SearchResults<T>> {
    const response = await this.http.read<SearchResults<T>>({ method: 'GET', url: resource, params: searchParams(criteria) });
    return response.data;
  }

  /**
   * Every match, page by page. Magento repeats the last page when asked past the end, so stop
   * on the total, never on an empty page.
   */
  async searchAll<T>(resource: string, criteria: Omit<Criteria, 'currentPage'>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page += 1) {
      const results = await this.search<T>(resource, { ...criteria, currentPage: page });
      items.push(...results.items);
      if (items.length >= results.total_count || results.items.length === 0) return items.slice(0, results.total_count);
    }
  }

  /** Web accounts changed at or after an instant (all of them for null), oldest change first, as a directory of who is who needs them. */
  async customersChangedSince(sinceIso: string | null): Promise<WebAccountRecord[]> {
    // One-second resolution: the caller re-reads the last second and keeps only real changes.
    const since: Filter[][] = sinceIso ? [[{ field: 'updated_at', value: isoToMagentoTime(sinceIso), conditionType: 'gteq' }]] : [];
    const customers: MagentoCustomer[] = [];
    // Pages go on from the last account read (its update time, then id), not by page number: an
    // account saved while the pages before it are read moves past the cursor and is read again later,
    // where a page number would skip the account behind it.
    let after: Filter[][] = [];
    for (;;) {
      const { items } = await this.search<MagentoCustomer>('/customers/search', {
        filterGroups: [...since, ...after],
        sortOrders: [
          { field: 'updated_at', direction: 'ASC' },
          { field: 'entity_id', direction: 'ASC' },
        ],
        pageSize: this.customerPageSize,
        currentPage: 1,
      });
      customers.push(...items);
      if (items.length < this.customerPageSize) return customers.map(webAccountOf);
      const last = items[items.length - 1];
      // (updated_at, id) > (last's): updated_at >= last's, and either later or a higher id.
      after = [
        [{ field: 'updated_at', value: last.updated_at, conditionType: 'gteq' }],
        [
          { field: 'updated_at', value: last.updated_at, conditionType: 'gt' },
          { field: 'entity_id', value: String(last.id), conditionType: 'gt' },
        ],
      ];
    }
  }

  /**
   * Everything whose `field` is one of the values (and that matches the other filter groups), in one
   * search. No values match nothing, without a call: an empty filter group would match everything.
   */
  private async searchAnyOf<T>(resource: string, field: string, values: readonly (string | number)[], also: Filter[][] = []): Promise<T[]> {
    const found = await Promise.all(
      inUrlSizedChunks(values).map((chunk) =>
        this.searchAll<T>(resource, {
          filterGroups: [anyOf(field, chunk), ...also],
          sortOrders: [{ field: 'entity_id', direction: 'ASC' }],
          pageSize: MAX_PAGE_SIZE,
        }),
      ),
    );
    return found.flat();
  }

  /** Web accounts by id. */
  async customersByIds(ids: readonly number[]): Promise<WebCustomer[]> {
    return (await this.searchAnyOf<MagentoCustomer>('/customers/search', 'entity_id', ids)).map(webCustomerOf);
  }

  /** Products by SKU; Magento compares SKUs case-insensitively. */
  async productsBySkus(skus: readonly string[]): Promise<CatalogProduct[]> {
    return (await this.searchAnyOf<MagentoProduct>('/products', 'sku', skus)).map(catalogProductOf);
  }

  /**
   * Products saved at or after an instant, oldest save first. Magento keeps `updated_at` to the
   * second, so the caller asks again from the second of the last save it saw (`gteq`, never `gt`:
   * another save in that same second would be missed) and tells what it has seen by its content.
   */
  async productsChangedSince(sinceIso: string): Promise<CatalogChange[]> {
    const products = await this.searchAll<MagentoSavedProduct>('/products', {
      filterGroups: [[{ field: 'updated_at', value: isoToMagentoTime(sinceIso), conditionType: 'gteq' }]],
      sortOrders: [
        { field: 'updated_at', direction: 'ASC' },
        { field: 'entity_id', direction: 'ASC' },
      ],
      pageSize: MAX_PAGE_SIZE,
    });
    return products.map((product) => ({ product: catalogProductOf(product), updatedAt: magentoTimeToIso(product.updated_at) }));
  }

  /**
   * `limit` products from `offset` in SKU order, optionally those whose name or SKU contains
   * `search` (in any case, with or without accents, `%` and `_` as themselves: catalog-search.ts),
   * over Magento's page numbers (one call, two when no page size fits the window).
   */
  async catalogPage(offset: number, limit: number, search: string | null): Promise<CatalogPage> {
    const filterGroups =
      search === null
        ? []
        : [
            [
              ...nameLikePatterns(search).map((value) => ({ field: 'name', value, conditionType: 'like' as const })),
              { field: 'sku', value: skuLikePattern(search), conditionType: 'like' as const },
            ],
          ];
    const { items, totalCount } = await this.window<MagentoProduct>(
      '/products',
      filterGroups,
      [{ field: 'sku', direction: 'ASC' }],
      offset,
      limit,
    );
    return { items: items.map(catalogProductOf), totalCount };
  }

  /** `limit` matches from `offset` over Magento's page numbers: one call, two when no page size fits the window. */
  private async window<T>(
    resource: string,
    filterGroups: Filter[][],
    sortOrders: Criteria['sortOrders'],
    offset: number,
    limit: number,
  ): Promise<{ items: T[]; totalCount: number }> {
    const window = pagesCovering(offset, limit);
    const pages = Array.from({ length: window.pageCount }, (_, i) => window.firstPage + i);
    const answers = await Promise.all(
      pages.map((page) => this.search<T>(resource, { filterGroups, sortOrders, pageSize: window.pageSize, currentPage: page })),
    );
    const items = answers.flatMap((results, i) => itemsOfPage(results, pages[i], window.pageSize));
    return { items: items.slice(window.skip, window.skip + limit), totalCount: answers[0].total_count };
  }

  /**
   * Click & collect orders waiting at a store (its source `store_<n>`) to be collected: not yet shipped
   * (handed over), canceled or refunded, i.e. in state new or processing; oldest first.
   */
  async pickupQueue(sourceCode: string, offset: number, limit: number): Promise<OrderPage> {
    const filterGroups = [
      [{ field: 'pickup_location_code', value: sourceCode }],
      [{ field: 'state', value: OPEN_ORDER_STATES.join(','), conditionType: 'in' as const }],
    ];
    const { items, totalCount } = await this.window<MagentoOrder>(
      '/orders',
      filterGroups,
      [{ field: 'created_at', direction: 'ASC' }],
      offset,
      limit,
    );
    return { items: items.map(webOrderOf), totalCount };
  }

  /** Click & collect orders still open that were placed before an instant, oldest first: one store's (by source code) or every store's. */
  pickupsPlacedBefore(beforeIso: string, sourceCode: string | null): Promise<MagentoOrderDetail[]> {
    return this.searchAll<MagentoOrderDetail>('/orders', {
      filterGroups: [
        [{ field: 'state', value: OPEN_ORDER_STATES.join(','), conditionType: 'in' }],
        [
          sourceCode === null
            ? { field: 'pickup_location_code', value: '', conditionType: 'notnull' }
            : { field: 'pickup_location_code', value: sourceCode, conditionType: 'eq' },
        ],
        [{ field: 'created_at', value: isoToMagentoTime(beforeIso), conditionType: 'lt' }],
      ],
      sortOrders: [{ field: 'created_at', direction: 'ASC' }],
      pageSize: 100,
    });
  }

  async categoriesByIds(ids: readonly number[]): Promise<Category[]> {
    return (await this.searchAnyOf<MagentoCategory>('/categories/list', 'entity_id', ids)).map((category) => ({
      id: category.id,
      name: category.name,
    }));
  }

  /** The carts the customers have not checked out yet. */
  async activeCartsOfCustomers(customerIds: readonly number[]): Promise<WebCartDetail[]> {
    const carts = await this.searchAnyOf<MagentoCartDetail>('/carts/search', 'customer_id', customerIds, [
      [{ field: 'is_active', value: '1' }],
    ]);
    return carts.map((cart) => webCartDetailOf(cart, { kind: 'customer', quoteId: cart.id }));
  }

  /**
   * Carts by opaque id, in one search for customers' carts; guest carts cannot be searched by masked
   * id, so one read each. Ids that are not cart ids, carts that do not exist, and guest carts named by
   * their quote id (a guest's cart is reached only by its masked id) are left out.
   */
  async cartsByIds(ids: readonly string[]): Promise<WebCartDetail[]> {
    const refs = ids.map(cartRefOf).filter((ref) => ref !== null);
    const quoteIds = refs.flatMap((ref) => (ref.kind === 'customer' ? [ref.quoteId] : []));
    const [customers, guests] = await Promise.all([
      this.searchAnyOf<MagentoCartDetail>('/carts/search', 'entity_id', quoteIds, [
        [{ field: 'customer_id', value: '', conditionType: 'notnull' }],
      ]),
      Promise.all(refs.flatMap((ref) => (ref.kind === 'guest' ? [this.cart(ref)] : []))),
    ]);
    return [
      ...customers.map((cart) => webCartDetailOf(cart, { kind: 'customer', quoteId: cart.id })),
      ...guests.filter((cart) => cart !== null),
    ];
  }

  /** A cart, ordered or not; null when there is none, or when a customer's cart id names a guest's cart. */
  async cart(ref: CartRef): Promise<WebCartDetail | null> {
    const answer = await orNull(this.http.read<MagentoCartDetail>({ method: 'GET', url: cartPath(ref) }));
    if (answer === null || (ref.kind === 'customer' && answer.data.customer?.id === undefined)) return null;
    return webCartDetailOf(answer.data, ref);
  }

  // -------------------------------------------------------------------------------------------
  // Writes. Never retried (LegacyHttp): the commerce subgraph owns idempotency and recovery.

  /** A new, empty guest cart. */
  async createGuestCart(): Promise<CartRef> {
    const { data } = await this.http.write<string>({ method: 'POST', url: '/guest-carts' });
    return { kind: 'guest', maskedId: data };
  }

  /** The customer's cart: the one open cart, opened if there is none (so asking twice gives the same cart). */
  async customerCart(webCustomerId: number): Promise<CartRef> {
    const { data } = await refusing(
      this.http.write<number>({ method: 'POST', url: path`/customers/${webCustomerId}/carts` }),
      customerRefusal,
    );
    return { kind: 'customer', quoteId: data };
  }

  /** Adds units of a SKU; Magento adds them to the SKU's line when it is already in the cart. */
  async addCartItem(ref: CartRef, sku: string, quantity: number): Promise<void> {
    await refusing(
      this.http.write({
        method: 'POST',
        url: `${cartPath(ref)}/items`,
        data: { cartItem: { sku, qty: quantity, quote_id: cartKey(ref) } },
      }),
      cartRefusal,
    );
  }

  /** Sets the quantity of the SKU's line; 0 removes the line. */
  async setCartItemQuantity(ref: CartRef, sku: string, quantity: number): Promise<void> {
    const { data: items } = await refusing(
      this.http.read<{ item_id: number; sku: string }[]>({ method: 'GET', url: `${cartPath(ref)}/items` }),
      cartRefusal,
    );
    // Magento compares SKUs case-insensitively.
    const line = items.find((item) => item.sku.toLowerCase() === sku.toLowerCase());
    if (!line) throw new BusinessRuleError('LINE_NOT_FOUND', 'The cart has no line for this SKU.', ['sku']);
    const url = `${cartPath(ref)}${path`/items/${line.item_id}`}`;
    const call =
      quantity === 0
        ? this.http.write({ method: 'DELETE', url })
        : this.http.write({ method: 'PUT', url, data: { cartItem: { item_id: line.item_id, qty: quantity, quote_id: cartKey(ref) } } });
    await refusing(call, cartRefusal);
  }

  /** Hands a guest cart to a customer who has no open cart (Magento will not merge two carts). */
  async assignGuestCart(maskedId: string, webCustomerId: number): Promise<void> {
    await refusing(
      this.http.write({ method: 'PUT', url: path`/guest-carts/${maskedId}`, data: { customerId: webCustomerId, storeId: STORE_ID } }),
      assignmentRefusal,
    );
  }

  /** Delivery (flat rate) or click & collect at a store (in-store pickup at its source), to the address given. */
  async setShipping(ref: CartRef, shipping: ShippingChoice): Promise<void> {
    const address = magentoAddress(shipping.address);
    const method =
      shipping.method === 'SHIP'
        ? { shipping_carrier_code: 'flatrate', shipping_method_code: 'flatrate' }
        : {
            shipping_carrier_code: 'instore',
            shipping_method_code: 'pickup',
            extension_attributes: { pickup_location_code: shipping.pickupSourceCode },
          };
    await refusing(
      this.http.write({
        method: 'POST',
        url: `${cartPath(ref)}/shipping-information`,
        data: { addressInformation: { shipping_address: address, billing_address: address, ...method } },
      }),
      cartRefusal,
    );
  }

  /**
   * Places the cart's order and answers its entity id. A guest order needs the buyer's email. Not
   * retried: after a failure, orderOfQuote tells whether the order was placed.
   */
  async placeOrder(ref: CartRef, payment: PaymentMethod, email?: string): Promise<number> {
    if (ref.kind === 'guest' && !email) throw new BusinessRuleError('EMAIL_REQUIRED', 'A guest order needs an email address.', ['email']);
    const data = ref.kind === 'guest' ? { paymentMethod: { method: payment }, email } : { paymentMethod: { method: payment } };
    const { data: orderId } = await refusing(
      this.http.write<number>({ method: 'POST', url: `${cartPath(ref)}/payment-information`, data }),
      cartRefusal,
    );
    return orderId;
  }

  /** The order placed from a cart, if one was: how a checkout interrupted after placing finds its order. */
  orderOfQuote(quoteId: number): Promise<MagentoOrderDetail | null> {
    return this.firstOrder({ field: 'quote_id', value: String(quoteId) });
  }

  orderByNumber(incrementId: string): Promise<MagentoOrderDetail | null> {
    return this.firstOrder({ field: 'increment_id', value: incrementId });
  }

  /**
   * Orders changed at or after an instant (placed, relabelled, shipped, cancelled, refunded, a note
   * added), oldest change first: how a follower of the web shop's orders reads them. One-second
   * resolution: the caller reads the last second again and must not mind seeing an order twice.
   */
  ordersChangedSince(sinceIso: string): Promise<MagentoOrderDetail[]> {
    return this.searchAll<MagentoOrderDetail>('/orders', {
      filterGroups: [[{ field: 'updated_at', value: isoToMagentoTime(sinceIso), conditionType: 'gteq' }]],
      sortOrders: [
        { field: 'updated_at', direction: 'ASC' },
        { field: 'entity_id', direction: 'ASC' },
      ],
      pageSize: MAX_PAGE_SIZE,
    });
  }

  private async firstOrder(filter: Filter): Promise<MagentoOrderDetail | null> {
    const results = await this.search<MagentoOrderDetail>('/orders', { filterGroups: [[filter]], pageSize: 1 });
    return results.total_count > 0 ? results.items[0] : null;
  }

  /** A note in the order's history for staff (not sent to the customer); `status` relabels the order but leaves its state. */
  async addOrderComment(entityId: number, comment: string, status?: string): Promise<void> {
    const statusHistory = { comment, is_customer_notified: 0, is_visible_on_front: 0, ...(status === undefined ? {} : { status }) };
    await refusing(this.http.write({ method: 'POST', url: path`/orders/${entityId}/comments`, data: { statusHistory } }), orderRefusal);
  }

  /** Cancels what is left to ship and releases its stock; false when the order can no longer be cancelled. */
  async cancelOrder(entityId: number): Promise<boolean> {
    const { data } = await refusing(this.http.write<boolean>({ method: 'POST', url: path`/orders/${entityId}/cancel` }), orderRefusal);
    return data;
  }

  /** Ships (or hands over) everything left on the order from one source; answers the shipment id. */
  async shipOrder(entityId: number, sourceCode: string): Promise<number> {
    const data = { arguments: { extension_attributes: { source_code: sourceCode } } };
    const { data: shipmentId } = await refusing(
      this.http.write<number>({ method: 'POST', url: path`/order/${entityId}/ship`, data }),
      shipmentRefusal,
    );
    return shipmentId;
  }

  /**
   * Refunds units of order lines (offline) and answers the credit memo id. Shipping is never refunded
   * here: Magento would refund all of it with the first credit memo, however small the return.
   */
  async refundOrder(entityId: number, items: { orderItemId: number; quantity: number }[]): Promise<number> {
    // Magento refunds every line when the list is empty.
    if (items.length === 0) throw new BusinessRuleError('ORDER_NOT_REFUNDABLE', 'Choose the items to refund.', ['items']);
    const data = {
      items: items.map((item) => ({ order_item_id: item.orderItemId, qty: item.quantity })),
      arguments: { shipping_amount: 0 },
    };
    const { data: creditMemoId } = await refusing(
      this.http.write<number>({ method: 'POST', url: path`/order/${entityId}/refund`, data }),
      refundRefusal,
    );
    return creditMemoId;
  }

  /** Every order placed from the accounts. */
  async ordersOfCustomers(customerIds: readonly number[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'customer_id', customerIds)).map(webOrderOf);
  }

  /** Orders placed without an account under the emails; Magento compares emails case-insensitively. */
  async guestOrdersByEmails(emails: readonly string[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'customer_email', emails, [[{ field: 'customer_is_guest', value: '1' }]])).map(
      webOrderOf,
    );
  }

  async ordersByNumbers(incrementIds: readonly string[]): Promise<WebOrderRecord[]> {
    return (await this.searchAnyOf<MagentoOrder>('/orders', 'increment_id', incrementIds)).map(webOrderOf);
  }

  /**
   * Changes a web account's email, default delivery address and newsletter subscription (what is
   * left out stays). Magento's save replaces the whole address book, so the account is read first
   * and its other addresses sent back, no longer default. An email another account holds is
   * refused as EMAIL_TAKEN.
   */
  async updateAccount(webCustomerId: number, change: WebAccountChange): Promise<void> {
    const { data: account } = await refusing(
      this.http.read<MagentoAccount>({ method: 'GET', url: path`/customers/${webCustomerId}` }),
      customerRefusal,
    );
    const kept = account.addresses.map((address) => (change.phone ? { ...address, telephone: change.phone } : address));
    const addresses = change.address
      ? [
          ...kept.map(({ default_shipping: _s, default_billing: _b, ...rest }) => rest),
          {
            firstname: change.address.firstName,
            lastname: change.address.lastName,
            street: change.address.street,
            city: change.address.city,
            country_id: 'VN',
            telephone: change.address.phone,
            default_shipping: true,
            default_billing: true,
          },
        ]
      : change.phone
        ? kept
        : undefined;
    const customer = {
      id: webCustomerId,
      email: change.email ?? account.email,
      firstname: account.firstname,
      lastname: account.lastname,
      website_id: account.website_id,
      ...(addresses ? { addresses } : {}),
      ...(change.newsletter === undefined ? {} : { extension_attributes: { is_subscribed: change.newsletter } }),
    };
    await refusing(this.http.write({ method: 'PUT', url: path`/customers/${webCustomerId}`, data: { customer } }), accountRefusal);
  }

  /** The accounts' orders to be delivered that nothing has shipped from yet (click & collect left out). */
  async undispatchedDeliveries(customerIds: readonly number[]): Promise<MagentoOrderDetail[]> {
    const orders = await this.searchAnyOf<MagentoOrderDetail>('/orders', 'customer_id', customerIds, [
      [{ field: 'state', value: OPEN_ORDER_STATES.join(','), conditionType: 'in' }],
      [{ field: 'pickup_location_code', value: '', conditionType: 'null' }],
    ]);
    return orders.filter((order) => order.items.every((item) => item.qty_shipped === 0));
  }

  /** Redirects an order's delivery (Magento's order address save). */
  async setOrderShippingAddress(entityId: number, address: WebAccountChange['address'] & object, email: string): Promise<void> {
    const entity = {
      address_type: 'shipping',
      parent_id: entityId,
      firstname: address.firstName,
      lastname: address.lastName,
      street: address.street,
      city: address.city,
      country_id: 'VN',
      telephone: address.phone,
      email,
    };
    await refusing(this.http.write({ method: 'PUT', url: path`/orders/${entityId}`, data: { entity } }), orderRefusal);
  }

  // Promotions on a cart (promotions.ts evaluates them; the shop applies its own when it collects totals).

  /** Puts a voucher on the cart. The shop takes it only when its rule applies to the cart now. */
  async applyVoucher(ref: CartRef, code: string): Promise<void> {
    await refusing(this.http.write({ method: 'PUT', url: `${cartPath(ref)}${path`/coupons/${code}`}` }), (refusal) =>
      refusal.template.startsWith("The coupon code isn't valid")
        ? new BusinessRuleError('VOUCHER_NOT_VALID_HERE', `The voucher ${code} cannot be used on this cart.`, ['voucherCode'])
        : cartRefusal(refusal),
    );
  }

  /**
   * Records on the cart the loyalty points paying part of it (the points are the CRM's: the shop
   * only takes their value off the grand total, as Adobe Commerce's reward points do); 0 takes them off.
   */
  async setRewardPoints(ref: CartRef, points: number, amount: bigint): Promise<void> {
    const data = { reward: { points, currency_amount: Number(amount) } };
    await refusing(this.http.write({ method: 'PUT', url: `${cartPath(ref)}/reward-points`, data }), cartRefusal);
  }

  /** Takes any voucher off the cart; nothing to do on a cart without one. */
  async removeVoucher(ref: CartRef): Promise<void> {
    await refusing(this.http.write({ method: 'DELETE', url: `${cartPath(ref)}/coupons` }), cartRefusal);
  }

  /** What the shop will charge for the cart now: its totals, collected with its own cart price rules. */
  async cartTotals(ref: CartRef): Promise<CartTotals> {
    const { data } = await refusing(this.http.read<MagentoCartTotals>({ method: 'GET', url: `${cartPath(ref)}/totals` }), cartRefusal);
    return cartTotalsOf(data);
  }
}
