import { Faker, base, en, vi } from '@faker-js/faker';
import type {
  GroundTruth,
  MarketplaceItem,
  MarketplaceOrder,
  MarketplaceOrderStatus,
  MarketplaceShop,
  Person,
  Product,
  SizeName,
  TruthPerson,
} from './model';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A few thousand orders in the large world; enough in the small one for paging and every status. */
const VOLUME = {
  small: { orders: 60, historyDays: 30, members: 3 },
  large: { orders: 3_000, historyDays: 90, members: 40 },
} as const;

/** The retailer's shop id on the marketplace: one shop per seller account. */
export const MARKETPLACE_SHOP_ID = 880_001;

/** What an order is by its age: fresh ones still move, older ones have settled. */
function statusWeights(ageDays: number): { weight: number; value: MarketplaceOrderStatus }[] {
  if (ageDays < 2)
    return [
      { weight: 2, value: 'UNPAID' },
      { weight: 4, value: 'READY_TO_SHIP' },
      { weight: 2, value: 'PROCESSED' },
      { weight: 0.5, value: 'IN_CANCEL' },
      { weight: 1, value: 'CANCELLED' },
    ];
  if (ageDays < 7)
    return [
      { weight: 1, value: 'READY_TO_SHIP' },
      { weight: 1, value: 'PROCESSED' },
      { weight: 5, value: 'SHIPPED' },
      { weight: 0.3, value: 'IN_CANCEL' },
      { weight: 1, value: 'CANCELLED' },
    ];
  return [
    { weight: 12, value: 'COMPLETED' },
    { weight: 1.5, value: 'CANCELLED' },
    { weight: 0.5, value: 'TO_RETURN' },
  ];
}

const asciiFold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

/** Store-local (UTC+7) YYMMDD, how an order number begins. */
const orderDay = (at: Date) => new Date(at.getTime() + 7 * HOUR).toISOString().slice(2, 10).replace(/-/g, '');

export interface MarketplaceWorld {
  shop: MarketplaceShop;
  truth: GroundTruth['marketplaceMembers'];
}

/**
 * The retailer's shop on the marketplace: every catalogue model listed (sizes as models, the SKU as
 * the seller's model SKU), its orders of the last months, and the few buyers who linked their
 * account to the loyalty programme. Drawn from a Faker stream of its own, so the rest of the world
 * stays byte for byte as it was.
 */
export function marketplaceOf(options: {
  seed: number;
  size: SizeName;
  now: Date;
  products: readonly Product[];
  persons: readonly Person[];
  truthPersons: readonly TruthPerson[];
}): MarketplaceWorld {
  const { now, products } = options;
  const faker = new Faker({ locale: [vi, en, base], seed: options.seed + 130_363 });
  const volume = VOLUME[options.size];
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const usedIds = new Set<number>();
  const newId = (min: number, max: number) => {
    let id: number;
    do id = int(min, max);
    while (usedIds.has(id));
    usedIds.add(id);
    return id;
  };

  const items: MarketplaceItem[] = [];
  for (const product of products) {
    const itemSku = product.sku.slice(0, product.sku.lastIndexOf('-'));
    let item = items.at(-1);
    if (item?.itemSku !== itemSku) {
      item = { itemId: newId(10_000_000_000, 29_999_999_999), itemSku, name: product.name.replace(/ - [^-]+$/, ''), models: [] };
      items.push(item);
    }
    item.models.push({
      modelId: newId(100_000_000_000, 299_999_999_999),
      sku: product.sku,
      name: `${product.color},${product.size}`,
      price: product.price,
      sellerStock: int(0, 60),
    });
  }
  const models = items.flatMap((item) => item.models.map((model) => ({ item, model })));

  // Linked members: people holding a loyalty card who gave its code to the brand's membership page.
  const cardHolders = options.truthPersons.filter((t) => t.loyaltyCardCodes.length > 0);
  const personById = new Map(options.persons.map((p) => [p.personId, p]));
  const linked = faker.helpers.arrayElements(cardHolders, Math.min(volume.members, cardHolders.length));
  const memberBuyers = linked.map((truth) => {
    const person = personById.get(truth.personId)!;
    return {
      truth,
      buyerUserId: newId(10_000_000, 999_999_999),
      username: `${asciiFold(person.givenName).toLowerCase()}${asciiFold(person.familyName).toLowerCase()}${int(10, 99)}`,
      recipient: {
        name: person.fullName,
        phone: person.phone.slice(1),
        street: person.street,
        district: person.district,
        city: person.city,
      },
    };
  });

  const orders: MarketplaceOrder[] = [];
  const usedSns = new Set<string>();
  for (let n = 0; n < volume.orders; n += 1) {
    const createdAt = new Date(now.getTime() - int(10 * 60_000, volume.historyDays * DAY));
    const ageDays = (now.getTime() - createdAt.getTime()) / DAY;
    const status = faker.helpers.weightedArrayElement(statusWeights(ageDays));
    const member =
      n % Math.max(1, Math.floor(volume.orders / (memberBuyers.length * 2))) === 0 ? faker.helpers.arrayElement(memberBuyers) : null;
    const buyer = member ?? {
      buyerUserId: newId(10_000_000, 999_999_999),
      username: `${asciiFold(faker.person.firstName()).toLowerCase().replace(/\s+/g, '')}${faker.string.alphanumeric({ length: 4, casing: 'lower' })}`,
      recipient: {
        name: `${faker.person.lastName()} ${faker.person.firstName()}`,
        phone: `84${faker.helpers.arrayElement(['90', '91', '93', '97', '98', '86', '35', '70'])}${faker.string.numeric(7)}`,
        street: faker.location.streetAddress(),
        district: `Quận ${int(1, 12)}`,
        city: faker.helpers.arrayElement(['Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng']),
      },
    };
    let orderSn: string;
    do orderSn = `${orderDay(createdAt)}${faker.string.alphanumeric({ length: 8, casing: 'upper' })}`;
    while (usedSns.has(orderSn));
    usedSns.add(orderSn);
    const lines = faker.helpers.arrayElements(models, { min: 1, max: 3 }).map(({ item, model }) => ({
      itemId: item.itemId,
      modelId: model.modelId,
      quantity: faker.datatype.boolean({ probability: 0.85 }) ? 1 : 2,
      originalPrice: model.price,
      // A shop voucher now and then, as marketplace sellers run them.
      discountedPrice: faker.datatype.boolean({ probability: 0.2 }) ? Math.round((model.price * 0.9) / 1_000) * 1_000 : model.price,
    }));
    const paid = status !== 'UNPAID' && !(status === 'CANCELLED' && faker.datatype.boolean({ probability: 0.5 }));
    const payTime = paid ? new Date(createdAt.getTime() + int(1, 30) * 60_000) : null;
    const settled = new Date(Math.min(now.getTime() - 60_000, createdAt.getTime() + int(1, Math.max(1, Math.floor(ageDays * 24))) * HOUR));
    const cancelled = status === 'CANCELLED';
    orders.push({
      orderSn,
      buyerUserId: buyer.buyerUserId,
      buyerUsername: buyer.username,
      recipient: buyer.recipient,
      status,
      statusBeforeCancel: status === 'IN_CANCEL' ? (ageDays < 2 ? 'READY_TO_SHIP' : 'PROCESSED') : null,
      createdAt,
      updatedAt: status === 'UNPAID' ? createdAt : new Date(Math.max(settled.getTime(), payTime?.getTime() ?? 0)),
      payTime,
      paymentMethod: faker.helpers.arrayElement(['ShopeePay', 'COD', 'Credit Card'] as const),
      shippingFee: faker.helpers.arrayElement([0, 15_000, 22_000, 30_000]),
      cancelBy: cancelled ? (paid ? 'buyer' : 'system') : null,
      cancelReason: cancelled ? (paid ? 'Change of mind' : 'Unpaid order') : null,
      items: lines,
    });
  }
  orders.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.orderSn < b.orderSn ? -1 : 1));

  const members = memberBuyers.map((m) => {
    const first = orders.find((o) => o.buyerUserId === m.buyerUserId);
    return {
      buyerUserId: m.buyerUserId,
      loyaltyCardCode: m.truth.loyaltyCardCodes[0],
      linkedAt: new Date((first?.createdAt.getTime() ?? now.getTime()) - int(1, 60) * DAY),
    };
  });
  return {
    shop: { shopId: MARKETPLACE_SHOP_ID, items, orders, members },
    truth: memberBuyers.map((m) => ({
      buyerUserId: m.buyerUserId,
      personId: m.truth.personId,
      loyaltyCardCode: m.truth.loyaltyCardCodes[0],
      orderSns: orders.filter((o) => o.buyerUserId === m.buyerUserId).map((o) => o.orderSn),
    })),
  };
}
