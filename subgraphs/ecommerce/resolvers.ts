import { BadUserInputError } from '../../lib/errors';
import { decodeId, plantOfLocation } from '../../lib/ids';
import { connectionOf, pageOf } from '../../lib/relay';
import { assertReachesCustomer } from '../../lib/rows';
import {
  priceAt,
  storeSourceOfPlant,
  WebCartDetail,
  WebCustomer,
  webAccountId,
  WebOrderRecord,
  webOrderId,
} from '../../connectors/ecommerce';
import type { Context, CustomerReference } from './context';
import type { OrderIndexEntry, Resolvers, ResolversTypes } from './generated/graphql';
import { loadAll } from './loaders';
import { noteEmailRead } from './order-owners';
import { cartPricing, priceQuote } from './pricing';
import { assertSeesPickupQueue, reachableCartById, reachableOrder } from './rows';

const MAX_PAGE = 100;
/** Magento's SKU column is 64 characters. */
const MAX_SKU_LENGTH = 64;
const MAX_SEARCH_LENGTH = 100;

function skuOf(input: string): string {
  const sku = input.trim();
  if (sku === '' || sku.length > MAX_SKU_LENGTH) throw new BadUserInputError(`sku must be 1 to ${MAX_SKU_LENGTH} characters`, 'sku');
  return sku;
}

function searchOf(input: string | null | undefined): string | null {
  const search = input?.trim() ?? '';
  if (search.length > MAX_SEARCH_LENGTH) throw new BadUserInputError(`search must be at most ${MAX_SEARCH_LENGTH} characters`, 'search');
  return search === '' ? null : search;
}

/** The representation the gateway sends, with the identifiers @requires asked identity for. */
function customerReferenceOf(reference: { id: string; webCustomerIds?: number[]; emails?: string[] }): CustomerReference {
  return {
    id: reference.id,
    webCustomerIds: reference.webCustomerIds ?? [],
    emails: (reference.emails ?? []).map((email) => email.toLowerCase()),
  };
}

/** The customer's first account, should identity have linked more than one. */
function oldestAccount(accounts: WebCustomer[]): WebCustomer | null {
  return [...accounts].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)[0] ?? null;
}

/** Orders from the customer's accounts and guest orders under their emails, each once. */
async function webOrdersOf(customer: CustomerReference, context: Context): Promise<WebOrderRecord[]> {
  const [fromAccounts, asGuest] = await Promise.all([
    loadAll(context.loaders.ordersOfCustomer, customer.webCustomerIds),
    loadAll(context.loaders.guestOrdersOfEmail, customer.emails),
  ]);
  return [...new Map([...fromAccounts.flat(), ...asGuest.flat()].map((order) => [order.number, order])).values()];
}

/**
 * A location by its id alone: pickupQueue has a resolver of its own. (The generated types, without a
 * mapper for Location, would want the field's value on the parent.)
 */
const locationRef = (id: string) => ({ id }) as ResolversTypes['Location'];

const indexEntryOf = (order: WebOrderRecord): OrderIndexEntry => ({ orderId: webOrderId(order.number), placedAt: order.placedAt });

export const resolvers: Resolvers<Context> = {
  Query: {
    productVariant: (_parent, { sku }, context) => context.loaders.product.load(skuOf(sku)),
    productVariants: async (_parent, args, context) => {
      const page = pageOf(args, 20, MAX_PAGE);
      const search = searchOf(args.search);
      const { items, totalCount } = await context.shop.catalogPage(page.offset, page.limit, search);
      for (const product of items) context.loaders.product.prime(product.sku, product);
      return connectionOf(items, page, totalCount);
    },
    priceQuote: (_parent, { input }, context) => priceQuote(input, context),
  },
  ProductVariant: {
    __resolveReference: (reference, context) => context.loaders.product.load(reference.sku),
    category: async (product, _args, context) =>
      product.categoryId === null ? null : ((await context.loaders.category.load(product.categoryId))?.name ?? null),
    price: (product, _args, context) => priceAt(product, context.now).price,
    compareAtPrice: (product, _args, context) => priceAt(product, context.now).compareAtPrice,
  },
  Customer: {
    // No web shop call here: a failure must null only the field that needed the shop, so the
    // orders service still gets the rest of the customer.
    __resolveReference: async (reference, context) => {
      assertReachesCustomer(context.caller, reference.id);
      return customerReferenceOf(reference);
    },
    // Each notes its read for the record of who looked (lib/access-record/), whatever the shop answers.
    // webOrderIndex is the gateway's input to orderHistory, which the orders subgraph records; it
    // notes whose its orders are, so their emails, read next in this request, need no identity lookup.
    webAccount: async (customer, _args, context) => {
      context.customerReads.read(customer.id, 'webAccount');
      return oldestAccount((await loadAll(context.loaders.webCustomer, customer.webCustomerIds)).filter((account) => account !== null));
    },
    openCarts: async (customer, _args, context) => {
      context.customerReads.read(customer.id, 'openCarts');
      return (await loadAll(context.loaders.activeCartsOfCustomer, customer.webCustomerIds))
        .flat()
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },
    webOrderIndex: async (customer, _args, context) => {
      const orders = await webOrdersOf(customer, context);
      context.indexed.own(customer.id, orders);
      return orders.map(indexEntryOf);
    },
  },
  WebAccount: {
    id: (account) => webAccountId(account.id),
  },
  // Every Cart the subgraph answers is a WebCartDetail (openCarts and references alike), so `active` is a field of it.
  Cart: {
    __resolveReference: (reference, context) => reachableCartById(context, reference.id),
    pricing: (cart, args, context) => cartPricing(cart as WebCartDetail, args, context),
  },
  PricedLine: {
    variant: (line, _args, context) => context.loaders.product.load(line.sku),
  },
  Location: {
    __resolveReference: (reference) => locationRef(reference.id),
    pickupQueue: async (location, args, context) => {
      assertSeesPickupQueue(context, location.id);
      const page = pageOf(args, 20, MAX_PAGE);
      const plant = plantOfLocation(location.id);
      const source = plant === null ? null : storeSourceOfPlant(plant);
      if (source === null) return connectionOf([], page, 0);
      const { items, totalCount } = await context.shop.pickupQueue(source, page.offset, page.limit);
      for (const order of items) context.loaders.order.prime(order.number, order);
      return connectionOf(items, page, totalCount);
    },
  },
  CartLine: {
    variant: (line, _args, context) => context.loaders.product.load(line.sku),
  },
  WebOrder: {
    __resolveReference: async (reference, context) => {
      const number = decodeId('WebOrder', reference.id);
      return number === null ? null : reachableOrder(context, number);
    },
    id: (order) => webOrderId(order.number),
    channel: () => 'WEB',
    // An order's one personal field: noted for the record of who looked, for the order's customer,
    // before it is served; when identity cannot say whose the order is, the email is not served.
    email: async (order, _args, context) => {
      await noteEmailRead(context, order);
      return order.email;
    },
    fulfilment: (order) => ({
      method: order.fulfilment.method,
      location: order.fulfilment.locationId === null ? null : locationRef(order.fulfilment.locationId),
    }),
  },
  OrderLine: {
    variant: (line, _args, context) => context.loaders.product.load(line.sku),
  },
};
