import { Faker, base, en, vi } from '@faker-js/faker';
import type {
  Address,
  Cart,
  CreditMemo,
  CrmLoyaltyCard,
  CrmLoyaltyEntry,
  CrmPartner,
  CrmSocialHandle,
  CrmTicket,
  ErpPlant,
  ErpReservation,
  ErpStock,
  GroundTruth,
  Person,
  PosLine,
  PosStockCount,
  PosTenderType,
  PosTransaction,
  Product,
  SizeName,
  SourceItem,
  Store,
  SupportChannel,
  TruthPerson,
  Warehouse,
  WebCustomer,
  WebOrder,
  WebOrderItem,
  WebOrderStatus,
  WebReservation,
  World,
} from './model';
import { posTransactionKey } from './model';
import * as P from './places';
import { marketplaceOf } from './marketplace';
import { promotionsOf } from './promotions';

export interface WorldOptions {
  seed: number;
  size: SizeName;
  /** The moment the data describes; fixed by default so a seed always gives the same data. */
  now?: Date;
  /**
   * Stores whose nightly end-of-day interface to the ERP stopped, by POS store number: how many
   * closed days the ERP is behind. Each such store trades on those days (a sale every few days
   * before the usual history), the POS closes them, and the ERP still counts their units on the shelf.
   */
  lateStores?: Record<string, number>;
}

/** 10:30 on a Friday morning in the stores: today's sales have begun and are not yet posted to the ERP. */
export const DEFAULT_NOW = new Date('2026-11-20T03:30:00Z');
/** Vietnam has no daylight saving: store time is always UTC+7. */
export const STORE_UTC_OFFSET_HOURS = 7;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const VOLUMES = {
  small: { persons: 250, models: 12, webOrders: 400, storeReceipts: 400, tickets: 40, guestCarts: 10, historyDays: 30, phantom: 4 },
  large: {
    persons: 60_000,
    models: 1_250,
    webOrders: 200_000,
    storeReceipts: 200_000,
    tickets: 15_000,
    guestCarts: 2_000,
    historyDays: 365,
    phantom: 80,
  },
} as const;

/**
 * The identity messes planted on new people, for a record-linkage model to be measured on: a few
 * of each in the small world, one to two in a hundred people in the large one. Name variants are
 * per kind of variant.
 */
const IDENTITY_MESSES = {
  small: { households: 4, sharedEmails: 3, nameVariants: 3, typos: 6, walkInPartners: 6, walkInSales: 6, changedPhone: 4 },
  large: {
    households: 300,
    sharedEmails: 120,
    nameVariants: 200,
    typos: 720,
    walkInPartners: 600,
    walkInSales: 2_000,
    changedPhone: 700,
  },
} as const;

/** Support that follows the customer: who the CRM knows on Zalo and Facebook, and their open cases across channels. */
const SUPPORT = {
  small: { zaloShare: 0.2, facebookShare: 0.12, cases: 6 },
  large: { zaloShare: 0.2, facebookShare: 0.12, cases: 600 },
} as const;

/** A case as customers run it: asked on social media, answered there, continued by phone, in store or in the app. */
const CASE_SCRIPTS = [
  {
    subject: 'Đơn hàng giao chậm',
    asked: 'Shop ơi đơn của mình đặt 3 ngày rồi vẫn chưa thấy giao ạ.',
    answered: 'Dạ em đã chuyển kho kiểm tra, anh/chị chờ em phản hồi trong hôm nay nhé.',
    continued: 'Mình hỏi lại đơn hàng hôm trước đã nhắn qua mạng xã hội, vẫn chưa nhận được.',
  },
  {
    subject: 'Muốn đổi size',
    asked: 'Áo mình mua bị chật, đổi size lớn hơn được không shop?',
    answered: 'Dạ được ạ, anh/chị mang áo và hoá đơn ra cửa hàng gần nhất giúp em.',
    continued: 'Mình muốn đổi size như đã nhắn hôm qua, giờ làm thế nào ạ?',
  },
  {
    subject: 'Hỏi về điểm thành viên',
    asked: 'Đơn hôm qua mình chưa được cộng điểm thành viên.',
    answered: 'Dạ em ghi nhận, điểm sẽ được cộng khi đơn hoàn tất ạ.',
    continued: 'Đơn đã hoàn tất mà trong ứng dụng vẫn chưa thấy điểm.',
  },
] as const;

const TEAM_OF_CHANNEL: Record<'phone' | 'store' | 'app', 'call_center' | 'stores' | 'social'> = {
  phone: 'call_center',
  store: 'stores',
  app: 'social',
};

/** Store-local calendar day of an instant. */
export function storeDay(instant: Date): string {
  return new Date(instant.getTime() + STORE_UTC_OFFSET_HOURS * HOUR).toISOString().slice(0, 10);
}

/** The instant of a store-local wall-clock time on a store-local day. */
function storeInstant(day: string, hours: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + (hours - STORE_UTC_OFFSET_HOURS) * HOUR);
}

function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** The ways staff and customers type one Vietnamese mobile number. */
export const PHONE_FORMATS = {
  spaced: (nsn: string) => `0${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`,
  international: (nsn: string) => `+84 ${nsn}`,
  dashed: (nsn: string) => `84-${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)}`,
  plain: (nsn: string) => `0${nsn}`,
  dotted: (nsn: string) => `0${nsn.slice(0, 3)}.${nsn.slice(3, 6)}.${nsn.slice(6)}`,
} as const;
export type PhoneFormat = keyof typeof PHONE_FORMATS;

/** A landline's local number in the groups it is read out in: 3823 4567, or 382 3456 after a three-digit area code. */
const grouped = (local: string) =>
  local.length === 8 ? `${local.slice(0, 4)} ${local.slice(4)}` : `${local.slice(0, 3)} ${local.slice(3)}`;

/** The ways a shop's landline is written: on its signboard (spaced) and as staff type it. */
export const LANDLINE_FORMATS = {
  spaced: (area: string, local: string) => `0${area} ${grouped(local)}`,
  plain: (area: string, local: string) => `0${area}${local}`,
  bracketed: (area: string, local: string) => `(0${area}) ${grouped(local)}`,
  dotted: (area: string, local: string) => `0${area}.${local.slice(0, -4)}.${local.slice(-4)}`,
  international: (area: string, local: string) => `+84 ${area} ${grouped(local)}`,
} as const;

function gtinFor(index: number): string {
  const body = `893${String(1_000_000_000 + index).slice(1)}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

interface PersonRole {
  person: Person;
  inCrm: boolean;
  hasWeb: boolean;
  hasCard: boolean;
  crmPartnerIds: number[];
  webCustomerId: number | null;
  cardId: number | null;
  cardCode: string | null;
  /** The email as this person typed it on the website (may differ in case from the CRM). */
  webEmail: string;
  truth: TruthPerson;
}

/** Generates the whole seeded world for one seed and size: every system's records and the ground truth. */
export function generateWorld(options: WorldOptions): World {
  const { seed, size } = options;
  const volume = VOLUMES[size];
  const now = options.now ?? DEFAULT_NOW;
  const today = storeDay(now);
  const faker = new Faker({ locale: [vi, en, base], seed });
  // The identity messes draw from a stream of their own, so everything drawn from `faker` stays as it was without them.
  const planting = new Faker({ locale: [vi, en, base], seed: seed + 7919 });
  const int = (min: number, max: number) => faker.number.int({ min, max });
  const chance = (probability: number) => faker.datatype.boolean({ probability });
  const pick = <T>(items: readonly T[]): T => faker.helpers.arrayElement(items);
  const roundTo = (value: number, step: number) => Math.round(value / step) * step;
  const messes: Record<string, number> = {};
  const mess = (name: string, by = 1) => {
    messes[name] = (messes[name] ?? 0) + by;
  };
  const historyStart = Date.parse(`${today}T00:00:00Z`) - volume.historyDays * DAY;
  const pastInstant = (fromDaysAgo: number, toDaysAgo: number) => new Date(now.getTime() - int(toDaysAgo * DAY, fromDaysAgo * DAY));

  // Stores and warehouses
  const stores: Store[] = [];
  const storeLines = new Map<string, { area: string; local: string }>();
  const landline = (city: P.City) => {
    const local = `3${planting.string.numeric(city.areaCode.length === 2 ? 7 : 6)}`;
    return { area: city.areaCode, local };
  };
  P.STORES_PER_CITY[size].forEach((count, cityIndex) => {
    const city = P.CITIES[cityIndex];
    for (let i = 0; i < count; i += 1) {
      const retailStoreId = String(101 + stores.length);
      const district = city.districts[i % city.districts.length];
      const hours = pick([
        { opens: '08:00', closes: '22:00' },
        { opens: '09:00', closes: '21:30' },
        { opens: '10:00', closes: '22:00' },
      ]);
      const line = landline(city);
      storeLines.set(retailStoreId, line);
      stores.push({
        retailStoreId,
        plant: `S${retailStoreId}`,
        sourceCode: `store_${retailStoreId}`,
        name: `Sao Mai ${district}${i >= city.districts.length ? ` ${Math.floor(i / city.districts.length) + 1}` : ''}`,
        street: `${int(1, 250)} ${pick(P.STREETS)}`,
        district,
        city: city.name,
        latitude: Number((city.latitude + faker.number.float({ min: -0.04, max: 0.04 })).toFixed(6)),
        longitude: Number((city.longitude + faker.number.float({ min: -0.04, max: 0.04 })).toFixed(6)),
        openingHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
          weekday,
          opens: weekday === 0 && hours.opens === '08:00' ? '09:00' : hours.opens,
          closes: hours.closes,
        })),
        workstations: int(2, 5),
        shipsFromStore: chance(0.6),
        telephone: LANDLINE_FORMATS.spaced(line.area, line.local),
      });
    }
  });
  const warehouseCount = size === 'small' ? 2 : 3;
  const warehouses: Warehouse[] = P.WAREHOUSES.slice(0, warehouseCount).map((w) => ({
    plant: w.plant,
    sourceCode: w.sourceCode,
    name: w.name,
    street: w.street,
    city: w.city,
    latitude: w.latitude,
    longitude: w.longitude,
  }));
  const warehouseForRegion = (region: P.City['region']): Warehouse => {
    const match = P.WAREHOUSES.findIndex((w) => w.region === region);
    return warehouses[match >= 0 && match < warehouses.length ? match : 0];
  };
  const storesByCity = new Map<string, Store[]>();
  for (const store of stores) storesByCity.set(store.city, [...(storesByCity.get(store.city) ?? []), store]);

  // Catalogue: models in one colour, each in four sizes
  const products: Product[] = [];
  for (let model = 0; model < volume.models; model += 1) {
    const category = P.CATEGORIES[model % P.CATEGORIES.length];
    const color = pick(P.COLORS);
    const style = pick(P.STYLES);
    const price = roundTo(int(category.min, category.max), 10_000) - 1_000;
    const onSale = chance(0.15);
    const saleStart = pastInstant(20, 1);
    const specialPrice = onSale
      ? {
          price: roundTo(price * faker.number.float({ min: 0.6, max: 0.9 }), 1_000),
          from: saleStart,
          to: new Date(saleStart.getTime() + int(7, 40) * DAY),
        }
      : null;
    const createdAt = new Date(historyStart - int(0, 200) * DAY);
    for (const sizeLabel of P.SIZES[category.kind]) {
      products.push({
        sku: `${category.code}-${String(model + 1).padStart(4, '0')}-${color.code}-${sizeLabel}`,
        gtin: gtinFor(products.length),
        name: `${category.name} ${style} ${color.name} - ${sizeLabel}`,
        category: category.name,
        color: color.name,
        size: sizeLabel,
        price,
        specialPrice,
        weightKg: category.kind === 'shoes' ? 0.9 : 0.3,
        createdAt,
      });
    }
  }
  const priceAt = (product: Product, at: Date) =>
    product.specialPrice && at >= product.specialPrice.from && at <= product.specialPrice.to ? product.specialPrice.price : product.price;

  // People, and which systems know them
  const usedPhones = new Set<string>();
  const usedEmails = new Set<string>();
  const roles: PersonRole[] = [];
  const cityWeights = P.CITIES.map((city) => ({ weight: city.weight, value: city }));
  const familyWeights = P.FAMILY_NAMES.map((name, i) => ({ weight: P.FAMILY_NAME_WEIGHTS[i], value: name }));
  for (let i = 0; i < volume.persons; i += 1) {
    const gender = chance(0.55) ? 'female' : 'male';
    const familyName = faker.helpers.weightedArrayElement(familyWeights);
    const givenName = pick(P.GIVEN_NAMES[gender]);
    const fullName = `${familyName} ${pick(P.MIDDLE_NAMES[gender])} ${givenName}`;
    let nsn: string;
    do nsn = `${pick(P.MOBILE_PREFIXES)}${faker.string.numeric(7)}`;
    while (usedPhones.has(nsn));
    usedPhones.add(nsn);
    const local = `${asciiFold(givenName)}.${asciiFold(familyName)}`.toLowerCase();
    let email = `${local}@${pick(P.EMAIL_DOMAINS)}`;
    while (usedEmails.has(email)) email = `${local}${int(1, 9999)}@${pick(P.EMAIL_DOMAINS)}`;
    usedEmails.add(email);
    const city = faker.helpers.weightedArrayElement(cityWeights);
    const person: Person = {
      personId: `P${String(i + 1).padStart(6, '0')}`,
      familyName,
      givenName,
      fullName,
      email,
      phone: `+84${nsn}`,
      gender,
      birthDate: chance(0.7) ? faker.date.birthdate({ mode: 'age', min: 18, max: 70, refDate: now }).toISOString().slice(0, 10) : null,
      street: `${int(1, 300)} ${pick(P.STREETS)}`,
      district: pick(city.districts),
      city: city.name,
      createdAt: new Date(historyStart - int(1, 3 * 365) * DAY + int(0, DAY - 1)),
      consentEmail: chance(0.6),
      consentSms: chance(0.4),
    };
    const inCrm = chance(0.85);
    const hasWeb = chance(0.55);
    const mangledCase = hasWeb && chance(0.12);
    if (mangledCase) mess('webEmailsDifferingInCaseFromCrm');
    roles.push({
      person,
      inCrm,
      hasWeb,
      hasCard: inCrm && chance(0.55),
      crmPartnerIds: [],
      webCustomerId: null,
      cardId: null,
      cardCode: null,
      webEmail: mangledCase ? mangleCase(email) : email,
      truth: {
        personId: person.personId,
        email,
        phone: person.phone,
        phones: [person.phone],
        crmPartnerIds: [],
        webCustomerIds: [],
        loyaltyCardCodes: [],
        guestOrderIncrementIds: [],
        posTransactionKeys: [],
      },
    });
  }
  function mangleCase(email: string): string {
    const [local, domain] = email.split('@');
    return chance(0.5)
      ? `${local
          .split('.')
          .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
          .join('.')}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`
      : email.toUpperCase();
  }
  const nationalNumber = (person: Person) => person.phone.slice(3);
  const formatNames = Object.keys(PHONE_FORMATS) as PhoneFormat[];
  const typedPhone = (person: Person, format: PhoneFormat = pick(formatNames)) => {
    mess(`phonesTyped:${format}`);
    return PHONE_FORMATS[format](nationalNumber(person));
  };
  const cityOf = (person: Person) => P.CITIES.find((c) => c.name === person.city) ?? P.CITIES[0];

  // CRM partners, the planted duplicates, loyalty cards
  const partners: CrmPartner[] = [];
  const crmDuplicatePairs: [number, number][] = [];
  const loyaltyCards: CrmLoyaltyCard[] = [];
  const usedCardCodes = new Set<string>();
  let nextPartnerId = 10;
  const addPartner = (role: PersonRole, partner: Omit<CrmPartner, 'id'>) => {
    const id = nextPartnerId++;
    partners.push({ id, ...partner });
    role.crmPartnerIds.push(id);
    role.truth.crmPartnerIds.push(id);
    return id;
  };
  /** A card with a code no one has, from `random` (each part of the world draws from its own stream). */
  const issueCard = (random: Faker, role: PersonRole, partnerId: number, createdAt: Date) => {
    let code: string;
    do code = `2600${random.string.numeric(8)}`;
    while (usedCardCodes.has(code));
    usedCardCodes.add(code);
    const cardId = loyaltyCards.length + 1;
    loyaltyCards.push({ id: cardId, partnerId, code, createdAt });
    role.cardId = cardId;
    role.cardCode = code;
    role.truth.loyaltyCardCodes.push(code);
  };
  for (const role of roles.filter((r) => r.inCrm)) {
    const { person } = role;
    const where = faker.helpers.weightedArrayElement([
      { weight: 7, value: 'phone' },
      { weight: 2, value: 'mobile' },
      { weight: 1, value: 'both' },
    ]);
    const createdAt = new Date(Math.min(now.getTime() - HOUR, person.createdAt.getTime() + int(0, 30) * DAY));
    const partnerId = addPartner(role, {
      name: person.fullName,
      email: chance(0.88) ? person.email : null,
      phone: where === 'mobile' ? null : typedPhone(person),
      mobile: where === 'phone' ? null : typedPhone(person),
      street: person.street,
      city: person.city,
      ref: chance(0.1) ? `KH${int(10_000, 99_999)}` : null,
      createdAt,
      writeDate: new Date(Math.min(now.getTime(), createdAt.getTime() + int(0, 400) * DAY)),
    });
    if (role.hasCard) issueCard(faker, role, partnerId, createdAt);
  }
  for (const role of roles.filter((r) => r.inCrm)) {
    if (!chance(0.05)) continue;
    const { person } = role;
    const createdAt = new Date(Math.min(now.getTime() - DAY, person.createdAt.getTime() + int(60, 700) * DAY));
    const duplicateId = addPartner(role, {
      name: chance(0.5) ? asciiFold(person.fullName) : person.fullName,
      email: chance(0.4) ? null : chance(0.5) ? person.email.toUpperCase() : person.email,
      phone: typedPhone(person),
      mobile: null,
      street: person.street,
      city: person.city,
      ref: null,
      createdAt,
      writeDate: createdAt,
    });
    crmDuplicatePairs.push([role.crmPartnerIds[0], duplicateId]);
    mess('crmDuplicatePartners');
  }

  // Web accounts
  const customers: WebCustomer[] = [];
  const webRoles = roles.filter((r) => r.hasWeb);
  for (const role of webRoles) {
    const { person } = role;
    const id = customers.length + 1;
    const [lastname, ...rest] = person.fullName.split(' ');
    const createdAt = new Date(Math.min(now.getTime() - HOUR, person.createdAt.getTime() + int(0, 90) * DAY));
    const address: Address = {
      street: person.street,
      city: person.city,
      telephone: typedPhone(person, chance(0.5) ? 'plain' : 'international'),
      firstname: rest.join(' '),
      lastname,
    };
    customers.push({
      id,
      email: role.webEmail,
      firstname: address.firstname,
      lastname,
      createdAt,
      updatedAt: createdAt,
      addresses: [address],
    });
    role.webCustomerId = id;
    role.truth.webCustomerIds.push(id);
    if (!role.inCrm) mess('webCustomersUnknownToCrm');
  }

  // ERP stock: what each plant holds now, as of the last posted end-of-day batch
  const erpStock: ErpStock[] = [];
  const erpQty = new Map<string, number>();
  const stockKey = (plant: string, sku: string) => `${plant}|${sku}`;
  const lastPostedAt = storeInstant(today, -1);
  for (const warehouse of warehouses) {
    for (const product of products) {
      const quantity = chance(0.05) ? 0 : int(5, 400);
      erpStock.push({
        material: product.sku,
        plant: warehouse.plant,
        storageLocation: '0001',
        stockType: '01',
        quantity,
        lastChangeAt: lastPostedAt,
      });
      erpQty.set(stockKey(warehouse.plant, product.sku), quantity);
      if (chance(0.04)) {
        erpStock.push({
          material: product.sku,
          plant: warehouse.plant,
          storageLocation: '0002',
          stockType: '07',
          quantity: int(1, 5),
          lastChangeAt: lastPostedAt,
        });
      }
    }
  }
  const carried = new Map<string, Product[]>();
  for (const store of stores) {
    const range = products.filter(() => chance(0.7));
    carried.set(store.retailStoreId, range);
    for (const product of range) {
      const quantity = chance(0.1) ? 0 : int(1, 20);
      erpStock.push({
        material: product.sku,
        plant: store.plant,
        storageLocation: '0001',
        stockType: '01',
        quantity,
        lastChangeAt: lastPostedAt,
      });
      erpQty.set(stockKey(store.plant, product.sku), quantity);
      if (chance(0.02)) {
        erpStock.push({
          material: product.sku,
          plant: store.plant,
          storageLocation: '0002',
          stockType: '07',
          quantity: 1,
          lastChangeAt: lastPostedAt,
        });
      }
    }
  }
  const reserved = new Map<string, number>();
  const availableAt = (plant: string, sku: string) => (erpQty.get(stockKey(plant, sku)) ?? 0) - (reserved.get(stockKey(plant, sku)) ?? 0);

  // Web orders, with the reservations, refunds and loyalty they cause
  const orders: WebOrder[] = [];
  const creditMemos: CreditMemo[] = [];
  const webReservations: WebReservation[] = [];
  const erpReservations: ErpReservation[] = [];
  const loyaltyEntries: CrmLoyaltyEntry[] = [];
  const pickupHandovers: { order: WebOrder; store: Store; at: Date }[] = [];
  const orderTimes = Array.from({ length: volume.webOrders }, () => pastInstant(volume.historyDays, 0).getTime()).sort((a, b) => a - b);
  const withoutAccount = roles.filter((r) => !r.hasWeb);
  let nextItemId = 1;
  const earnPoints = (role: PersonRole, amount: number, date: Date, origin: string, description: string) => {
    if (role.cardId === null) return;
    // Truncation makes taking points back on a refund the exact mirror of earning them.
    const points = Math.trunc(amount / 10_000);
    if (points !== 0) loyaltyEntries.push({ id: 0, cardId: role.cardId, date, points, description, origin });
  };
  for (const time of orderTimes) {
    const createdAt = new Date(time);
    const guest = chance(0.22) || webRoles.length === 0;
    const role = guest ? (chance(0.6) && withoutAccount.length > 0 ? pick(withoutAccount) : pick(roles)) : pick(webRoles);
    const person = role.person;
    const entityId = orders.length + 1;
    const incrementId = String(entityId).padStart(9, '0');
    const ageDays = (now.getTime() - time) / DAY;
    const pickup = chance(0.3);
    const homeStores = storesByCity.get(person.city) ?? [];
    const pickupStore = pickup ? (homeStores.length > 0 ? pick(homeStores) : pick(stores)) : null;
    const shipFromStore =
      !pickup && homeStores.some((s) => s.shipsFromStore) && chance(0.15) ? pick(homeStores.filter((s) => s.shipsFromStore)) : null;
    const fulfilment = pickupStore ?? shipFromStore;
    const source = fulfilment ? { plant: fulfilment.plant, sourceCode: fulfilment.sourceCode } : warehouseForRegion(cityOf(person).region);
    let status: WebOrderStatus;
    if (ageDays < 7)
      status = faker.helpers.weightedArrayElement([
        { weight: 15, value: 'pending' },
        { weight: 35, value: 'processing' },
        { weight: 45, value: 'complete' },
        { weight: 5, value: 'canceled' },
      ] as const);
    else
      status = faker.helpers.weightedArrayElement([
        { weight: 85, value: 'complete' },
        { weight: 8, value: 'canceled' },
        { weight: 7, value: 'closed' },
      ] as const);
    if (pickup && status === 'complete' && ageDays < 4) status = 'processing';
    const open = status === 'pending' || status === 'processing';
    const items: WebOrderItem[] = [];
    const candidates = fulfilment ? (carried.get(fulfilment.retailStoreId) ?? products) : products;
    for (const product of faker.helpers.arrayElements(candidates, { min: 1, max: 4 })) {
      const qty = chance(0.85) ? 1 : int(2, 3);
      if (open && availableAt(source.plant, product.sku) < qty) continue;
      const price = priceAt(product, createdAt);
      const discount = chance(0.1) ? roundTo(price * qty * 0.1, 1_000) : 0;
      items.push({
        itemId: nextItemId++,
        sku: product.sku,
        name: product.name,
        qtyOrdered: qty,
        price,
        discountAmount: discount,
        rowTotal: price * qty,
      });
    }
    if (items.length === 0) continue;
    const subtotal = items.reduce((sum, item) => sum + item.rowTotal, 0);
    const discountAmount = items.reduce((sum, item) => sum + item.discountAmount, 0);
    const shippingAmount = pickup || subtotal - discountAmount >= 500_000 ? 0 : 30_000;
    const grandTotal = subtotal - discountAmount + shippingAmount;
    const [lastname, ...rest] = person.fullName.split(' ');
    const history: WebOrder['statusHistory'] = [{ status: 'pending', comment: 'Đơn hàng đã được tạo', createdAt }];
    const step = (hours: number) => new Date(Math.min(now.getTime(), time + hours * HOUR));
    if (status !== 'pending' && status !== 'canceled')
      history.push({
        status: 'processing',
        comment: pickup ? 'Đang chuẩn bị hàng tại cửa hàng' : 'Đã xác nhận đơn hàng',
        createdAt: step(1),
      });
    if (status === 'processing' && pickup)
      history.push({ status: 'processing', comment: `Sẵn sàng nhận tại cửa hàng ${pickupStore!.name}`, createdAt: step(6) });
    if (status === 'complete' || status === 'closed')
      history.push({
        status: 'complete',
        comment: pickup ? 'Khách đã nhận hàng tại cửa hàng' : 'Đã giao hàng thành công',
        createdAt: step(int(24, 72)),
      });
    if (status === 'canceled') history.push({ status: 'canceled', comment: 'Khách hủy đơn', createdAt: step(int(1, 20)) });
    if (status === 'closed') history.push({ status: 'closed', comment: 'Đã hoàn tiền toàn bộ', createdAt: step(int(100, 140)) });
    const order: WebOrder = {
      entityId,
      incrementId,
      customerId: guest ? null : role.webCustomerId,
      customerEmail: guest && chance(0.3) ? mangleCase(person.email) : guest ? person.email : role.webEmail,
      customerFirstname: rest.join(' '),
      customerLastname: lastname,
      createdAt,
      updatedAt: history[history.length - 1].createdAt,
      status,
      items,
      subtotal,
      discountAmount,
      shippingAmount,
      grandTotal,
      shippingMethod: pickup ? 'instore_pickup' : 'flatrate_flatrate',
      pickupLocationCode: pickupStore?.sourceCode ?? null,
      fulfilmentSourceCode: source.sourceCode,
      shippingAddress: {
        street: person.street,
        city: person.city,
        telephone: typedPhone(person, 'plain'),
        firstname: rest.join(' '),
        lastname,
      },
      statusHistory: history,
    };
    orders.push(order);
    if (guest) {
      role.truth.guestOrderIncrementIds.push(incrementId);
      mess('guestOrders');
    }
    if (open) {
      const reservationNumber = 1_000_000 + erpReservations.length;
      for (const item of items) {
        webReservations.push({
          id: 0,
          sku: item.sku,
          quantity: -item.qtyOrdered,
          eventType: 'order_placed',
          orderIncrementId: incrementId,
        });
        erpReservations.push({
          reservation: reservationNumber,
          material: item.sku,
          plant: source.plant,
          storageLocation: '0001',
          quantity: item.qtyOrdered,
          requirementDate: step(48),
          reference: incrementId,
        });
        reserved.set(stockKey(source.plant, item.sku), (reserved.get(stockKey(source.plant, item.sku)) ?? 0) + item.qtyOrdered);
      }
    }
    if (status === 'complete' || status === 'closed') {
      if (!guest) earnPoints(role, grandTotal, order.updatedAt, `web:${incrementId}`, `Tích điểm đơn hàng ${incrementId}`);
      if (pickupStore)
        pickupHandovers.push({ order, store: pickupStore, at: history[history.length - (status === 'closed' ? 2 : 1)].createdAt });
    }
    if (status === 'closed') {
      creditMemos.push({
        entityId: creditMemos.length + 1,
        orderId: entityId,
        createdAt: order.updatedAt,
        items: items.map((i) => ({ orderItemId: i.itemId, sku: i.sku, qty: i.qtyOrdered, rowTotal: i.rowTotal })),
        grandTotal,
      });
      if (!guest) earnPoints(role, -grandTotal, order.updatedAt, `web:${incrementId}`, `Trừ điểm hoàn tiền đơn ${incrementId}`);
    } else if (status === 'complete' && chance(0.03)) {
      const item = items[0];
      creditMemos.push({
        entityId: creditMemos.length + 1,
        orderId: entityId,
        createdAt: step(int(80, 200)),
        items: [{ orderItemId: item.itemId, sku: item.sku, qty: 1, rowTotal: item.price }],
        grandTotal: item.price,
      });
      mess('partiallyRefundedWebOrders');
    }
  }

  // Store receipts: history (posted to the ERP) and today (not yet posted)
  interface Draft extends Omit<PosTransaction, 'sequenceNumber' | 'returnOf'> {
    role: PersonRole | null;
    original: Draft | null;
    key?: string;
    sequenceNumber?: number;
  }
  const drafts: Draft[] = [];
  const todayReceipts = Math.max(30, Math.round((volume.storeReceipts / volume.historyDays) * 0.4));
  const withCard = roles.filter((r) => r.cardCode !== null);
  const tenderFor = (total: number): PosTransaction['tenders'] => [
    {
      type: faker.helpers.weightedArrayElement([
        { weight: 40, value: 'Cash' },
        { weight: 35, value: 'CreditDebit' },
        { weight: 25, value: 'EWallet' },
      ] as { weight: number; value: PosTenderType }[]),
      amount: total,
    },
  ];
  const saleAt = (store: Store, day: string, latest?: Date) => {
    const hours = store.openingHours[new Date(`${day}T00:00:00Z`).getUTCDay()];
    const opens = Number(hours.opens.slice(0, 2)) + Number(hours.opens.slice(3)) / 60;
    const closes = Number(hours.closes.slice(0, 2)) + Number(hours.closes.slice(3)) / 60;
    const begin = storeInstant(day, faker.number.float({ min: opens, max: closes - 0.1 }));
    // Today's receipts must have ended by now, till time included.
    return latest && begin.getTime() > latest.getTime() - 10 * 60_000 ? new Date(latest.getTime() - int(10 * 60_000, 40 * 60_000)) : begin;
  };
  const makeSale = (store: Store, day: string, lines: { product: Product; qty: number }[], at: Date): Draft => {
    const identification = faker.helpers.weightedArrayElement([
      { weight: 35, value: 'card' },
      { weight: 15, value: 'phone' },
      { weight: 50, value: 'none' },
    ] as const);
    let role: PersonRole | null = null;
    let customer: PosTransaction['customer'] = null;
    if (identification === 'card' && withCard.length > 0) {
      role = pick(withCard);
      customer = { loyaltyCard: role.cardCode, phone: null };
    } else if (identification === 'phone') {
      role = pick(roles);
      customer = { loyaltyCard: null, phone: typedPhone(role.person, pick(['plain', 'spaced', 'dotted'] as const)) };
      mess('posSalesIdentifiedOnlyByPhone');
    } else mess('posSalesWithoutCustomer');
    const posLines: PosLine[] = lines.map(({ product, qty }, index) => {
      const unitPrice = priceAt(product, at);
      const discount = chance(0.1) ? roundTo(unitPrice * qty * faker.number.float({ min: 0.1, max: 0.3 }), 1_000) : 0;
      return {
        lineNumber: index + 1,
        sku: product.sku,
        gtin: product.gtin,
        description: product.name,
        quantity: qty,
        unitPrice,
        discount,
        extendedAmount: unitPrice * qty - discount,
      };
    });
    const total = posLines.reduce((sum, line) => sum + line.extendedAmount, 0);
    return {
      retailStoreId: store.retailStoreId,
      workstationId: int(1, store.workstations),
      businessDay: day,
      beginAt: at,
      endAt: new Date(at.getTime() + int(40, 400) * 1000),
      kind: 'Sale',
      operatorId: `NV${int(100, 999)}`,
      lines: posLines,
      total,
      tenders: tenderFor(total),
      customer,
      pickupOrderId: null,
      role,
      original: null,
    };
  };
  const historicReceipts = volume.storeReceipts - todayReceipts;
  for (let i = 0; i < historicReceipts; i += 1) {
    const store = pick(stores);
    const day = storeDay(new Date(historyStart + int(0, volume.historyDays - 1) * DAY + 12 * HOUR));
    const range = carried.get(store.retailStoreId)!;
    const lines = faker.helpers.arrayElements(range, { min: 1, max: 4 }).map((product) => ({ product, qty: chance(0.85) ? 1 : int(2, 3) }));
    const sale = makeSale(store, day, lines, saleAt(store, day));
    drafts.push(sale);
    if (chance(0.015)) {
      const returnStore = chance(0.7) ? store : pick(stores);
      const returnAt = new Date(sale.beginAt.getTime() + int(1, 14) * DAY);
      const returnDay = storeDay(returnAt);
      if (returnDay >= today) continue;
      const line = sale.lines[0];
      drafts.push({
        retailStoreId: returnStore.retailStoreId,
        workstationId: int(1, returnStore.workstations),
        businessDay: returnDay,
        beginAt: returnAt,
        endAt: new Date(returnAt.getTime() + 180_000),
        kind: 'Return',
        operatorId: `NV${int(100, 999)}`,
        lines: [{ ...line, lineNumber: 1, quantity: 1, discount: 0, extendedAmount: -(line.extendedAmount / line.quantity) }],
        total: -(line.extendedAmount / line.quantity),
        tenders: [{ type: sale.tenders[0].type, amount: -(line.extendedAmount / line.quantity) }],
        customer: sale.customer,
        pickupOrderId: null,
        role: sale.role,
        original: sale,
      });
      mess('posReturns');
    }
  }
  for (const { order, store, at } of pickupHandovers) {
    const day = storeDay(at);
    if (day >= today) continue;
    drafts.push({
      retailStoreId: store.retailStoreId,
      workstationId: 1,
      businessDay: day,
      beginAt: at,
      endAt: new Date(at.getTime() + 120_000),
      kind: 'PickupHandover',
      operatorId: `NV${int(100, 999)}`,
      lines: order.items.map((item, index) => ({
        lineNumber: index + 1,
        sku: item.sku,
        gtin: products.find((p) => p.sku === item.sku)?.gtin ?? '',
        description: item.name,
        quantity: item.qtyOrdered,
        unitPrice: item.price,
        discount: 0,
        extendedAmount: 0,
      })),
      total: 0,
      tenders: [],
      customer: null,
      pickupOrderId: order.incrementId,
      role: null,
      original: null,
    });
  }

  // Stores whose end-of-day interface stopped: days they traded that the ERP never heard of
  const lateStores = new Map<string, string>();
  for (const [retailStoreId, lagDays] of Object.entries(options.lateStores ?? {})) {
    const store = stores.find((s) => s.retailStoreId === retailStoreId);
    if (!store || !Number.isInteger(lagDays) || lagDays < 1)
      throw new Error(`late store ${retailStoreId}: no such store, or not a whole number of days behind`);
    const postedThrough = storeDay(new Date(Date.parse(`${today}T12:00:00Z`) - (lagDays + 1) * DAY));
    lateStores.set(retailStoreId, postedThrough);
    const range = carried.get(retailStoreId)!;
    // A sale on the last day booked (so the ERP has a document for it), then one every few days up to the usual history.
    for (let t = Date.parse(`${postedThrough}T12:00:00Z`); t < historyStart; t += int(1, 4) * DAY) {
      const day = storeDay(new Date(t));
      drafts.push(makeSale(store, day, [{ product: pick(range), qty: int(1, 2) }], saleAt(store, day)));
    }
  }

  // Today: sales the ERP has not heard of; some take a store's last units of a SKU (phantom stock)
  const soldToday = new Map<string, number>();
  const shelfLeft = (store: Store, sku: string) => availableAt(store.plant, sku) - (soldToday.get(stockKey(store.plant, sku)) ?? 0);
  const sellToday = (store: Store, lines: { product: Product; qty: number }[]) => {
    const sellable = lines.filter(({ product, qty }) => shelfLeft(store, product.sku) >= qty);
    if (sellable.length === 0) return;
    for (const { product, qty } of sellable)
      soldToday.set(stockKey(store.plant, product.sku), (soldToday.get(stockKey(store.plant, product.sku)) ?? 0) + qty);
    drafts.push(makeSale(store, today, sellable, saleAt(store, today, now)));
  };
  const phantomTargets = new Set<string>();
  for (let i = 0; i < volume.phantom * 20 && phantomTargets.size < volume.phantom; i += 1) {
    const store = pick(stores);
    const product = pick(carried.get(store.retailStoreId)!);
    const key = stockKey(store.plant, product.sku);
    const onHand = erpQty.get(key) ?? 0;
    if (phantomTargets.has(key) || onHand < 1 || onHand > 3 || (reserved.get(key) ?? 0) > 0) continue;
    phantomTargets.add(key);
    sellToday(store, [{ product, qty: onHand }]);
  }
  for (let i = 0; i < todayReceipts - phantomTargets.size; i += 1) {
    const store = pick(stores);
    sellToday(
      store,
      faker.helpers.arrayElements(carried.get(store.retailStoreId)!, { min: 1, max: 3 }).map((product) => ({ product, qty: 1 })),
    );
  }

  // Store-wide sequence numbers in time order; then the keys that returns and loyalty refer to
  drafts.sort((a, b) => a.beginAt.getTime() - b.beginAt.getTime());
  const nextSequence = new Map<string, number>();
  for (const draft of drafts) {
    const sequenceNumber = (nextSequence.get(draft.retailStoreId) ?? 1000) + 1;
    nextSequence.set(draft.retailStoreId, sequenceNumber);
    draft.sequenceNumber = sequenceNumber;
    draft.key = posTransactionKey({ ...draft, sequenceNumber });
  }
  const transactions: PosTransaction[] = drafts.map((draft) => {
    const { role, original, key, ...rest } = draft;
    if (role && draft.kind !== 'PickupHandover') {
      role.truth.posTransactionKeys.push(key!);
      if (draft.customer?.loyaltyCard)
        earnPoints(
          role,
          draft.total,
          draft.endAt,
          `pos:${key}`,
          draft.kind === 'Sale' ? 'Tích điểm mua tại cửa hàng' : 'Trừ điểm hàng trả lại',
        );
    }
    return { ...rest, sequenceNumber: draft.sequenceNumber!, returnOf: original?.key ?? null };
  });

  // Gift redemptions, then ledger ids in time order
  const balances = new Map<number, number>();
  for (const entry of loyaltyEntries) balances.set(entry.cardId, (balances.get(entry.cardId) ?? 0) + entry.points);
  for (const [cardId, balance] of balances) {
    if (balance >= 50 && chance(0.1))
      loyaltyEntries.push({ id: 0, cardId, date: pastInstant(5, 1), points: -50, description: 'Đổi quà: voucher 50.000đ', origin: 'gift' });
  }
  loyaltyEntries.sort((a, b) => a.date.getTime() - b.date.getTime());
  loyaltyEntries.forEach((entry, index) => (entry.id = index + 1));
  webReservations.forEach((entry, index) => (entry.id = index + 1));

  // Physical counts in stores: a few days old and not always right
  const stockCounts: PosStockCount[] = [];
  for (const store of stores) {
    const countedAt = storeInstant(storeDay(pastInstant(20, 3)), 21.5);
    for (const product of carried.get(store.retailStoreId)!) {
      const erp = erpQty.get(stockKey(store.plant, product.sku)) ?? 0;
      stockCounts.push({
        retailStoreId: store.retailStoreId,
        sku: product.sku,
        quantity: Math.max(0, erp + (chance(0.1) ? int(-2, 2) : 0)),
        countedAt,
      });
    }
  }

  // The web shop's per-source quantities: synced from the ERP last night
  const sourceItems: SourceItem[] = erpStock
    .filter((row) => row.stockType === '01')
    .map((row) => ({
      sourceCode: [...stores, ...warehouses].find((s) => s.plant === row.plant)!.sourceCode,
      sku: row.material,
      quantity: row.quantity,
    }));

  // Open carts: customers' and guests'
  const carts: Cart[] = [];
  let nextCartItem = 1;
  const cartItems = (at: Date) =>
    faker.helpers
      .arrayElements(products, { min: 1, max: 3 })
      .map((product) => ({ itemId: nextCartItem++, sku: product.sku, qty: 1, price: priceAt(product, at) }));
  for (const customer of customers) {
    if (!chance(0.1)) continue;
    const updatedAt = pastInstant(14, 0);
    carts.push({
      id: carts.length + 1,
      maskedId: null,
      customerId: customer.id,
      createdAt: new Date(updatedAt.getTime() - int(0, 3) * DAY),
      updatedAt,
      items: cartItems(updatedAt),
    });
  }
  for (let i = 0; i < volume.guestCarts; i += 1) {
    const updatedAt = pastInstant(7, 0);
    carts.push({
      id: carts.length + 1,
      maskedId: faker.string.alphanumeric({ length: 32, casing: 'lower' }),
      customerId: null,
      createdAt: updatedAt,
      updatedAt,
      items: cartItems(updatedAt),
    });
  }

  // Support tickets across channels
  const tickets: CrmTicket[] = [];
  const crmRoles = roles.filter((r) => r.inCrm);
  let nextMessageId = 1;
  const channels: SupportChannel[] = ['phone', 'chat', 'email', 'facebook', 'zalo'];
  for (let i = 0; i < volume.tickets && crmRoles.length > 0; i += 1) {
    const role = pick(crmRoles);
    const createdAt = pastInstant(volume.historyDays, 0);
    const stage = faker.helpers.weightedArrayElement([
      { weight: 15, value: 'new' },
      { weight: 25, value: 'in_progress' },
      { weight: 60, value: 'solved' },
    ] as const);
    let channel = pick(channels);
    const messages: CrmTicket['messages'] = [];
    const count = int(1, 5);
    for (let m = 0; m < count; m += 1) {
      if (m > 0 && chance(0.2)) channel = pick(channels);
      const fromCustomer = m % 2 === 0;
      messages.push({
        id: nextMessageId++,
        channel,
        fromCustomer,
        body: pick(fromCustomer ? P.CUSTOMER_LINES : P.AGENT_LINES),
        date: new Date(Math.min(now.getTime(), createdAt.getTime() + m * int(10, 600) * 60_000)),
      });
    }
    tickets.push({ id: i + 1, partnerId: pick(role.crmPartnerIds), subject: pick(P.TICKET_SUBJECTS), stage, createdAt, messages });
  }

  // Identity messes, with the truth of who is who: people who share a phone or an email, write
  // their name another way, mistype, give the shop's phone, or changed number. All new people,
  // drawn from `planting` and appended after every record above, which stays as it was.
  const messLevel = IDENTITY_MESSES[size];
  const pInt = (min: number, max: number) => planting.number.int({ min, max });
  const pChance = (probability: number) => planting.datatype.boolean({ probability });
  const pPick = <T>(items: readonly T[]): T => planting.helpers.arrayElement(items);
  // Counted apart and added last, so the messes above keep their place in the truth.
  const plantedMesses: Record<string, number> = {};
  const plantedMess = (name: string, by = 1) => {
    plantedMesses[name] = (plantedMesses[name] ?? 0) + by;
  };
  const planted: PersonRole[] = [];
  const households: GroundTruth['households'] = [];
  const sharedEmails: GroundTruth['sharedEmails'] = [];
  const walkInPosTransactionKeys: string[] = [];
  const webEmails = new Set(customers.map((c) => c.email.toLowerCase()));
  const ascii = (text: string) => asciiFold(text).toLowerCase();
  const e164 = (nsn: string) => `+84${nsn}`;
  /** Family, middle and given name: every seeded name has exactly these three words. */
  const nameParts = (person: Person) => person.fullName.split(' ') as [string, string, string];
  const newMobile = () => {
    let nsn: string;
    do nsn = `${pPick(P.MOBILE_PREFIXES)}${planting.string.numeric(7)}`;
    while (usedPhones.has(nsn));
    usedPhones.add(nsn);
    return nsn;
  };
  const newEmail = (local: string, domain = pPick(P.EMAIL_DOMAINS)) => {
    let email = `${local}@${domain}`;
    while (usedEmails.has(email)) email = `${local}${pInt(1, 9999)}@${pPick(P.EMAIL_DOMAINS)}`;
    usedEmails.add(email);
    return email;
  };
  /** A second address of the person's own, as people open one for shopping. */
  const otherEmail = (person: Person) => newEmail(`${ascii(person.givenName)}${ascii(person.familyName)}${pInt(70, 99)}`);
  const typed = (nsn: string, formats: readonly PhoneFormat[] = formatNames) => PHONE_FORMATS[pPick(formats)](nsn);
  const typedAtSignUp = (nsn: string) => typed(nsn, ['plain', 'international']);
  const landlineFormats = Object.keys(LANDLINE_FORMATS) as (keyof typeof LANDLINE_FORMATS)[];
  const typedStorePhone = (store: Store) => {
    const { area, local } = storeLines.get(store.retailStoreId)!;
    return LANDLINE_FORMATS[pPick(landlineFormats)](area, local);
  };
  const storePhone = (store: Store) => {
    const { area, local } = storeLines.get(store.retailStoreId)!;
    return `+84${area}${local}`;
  };
  const beforeNow = (at: number, margin = HOUR) => new Date(Math.min(now.getTime() - margin, at));
  const plantPerson = (
    options: {
      city?: P.City;
      home?: Pick<Person, 'street' | 'district' | 'city'>;
      nsn?: string;
      gender?: Person['gender'];
      familyName?: string;
      /** A child is not named after a parent. */
      notGiven?: string;
      age?: [number, number];
    } = {},
  ) => {
    const gender = options.gender ?? (pChance(0.55) ? 'female' : 'male');
    const familyName = options.familyName ?? planting.helpers.weightedArrayElement(familyWeights);
    const givenName = pPick(P.GIVEN_NAMES[gender].filter((name) => name !== options.notGiven));
    const city = options.city ?? planting.helpers.weightedArrayElement(cityWeights);
    const [minAge, maxAge] = options.age ?? [18, 70];
    const nsn = options.nsn ?? newMobile();
    const born = planting.date.birthdate({ mode: 'age', min: minAge, max: maxAge, refDate: now });
    const person: Person = {
      personId: `P${String(roles.length + planted.length + 1).padStart(6, '0')}`,
      familyName,
      givenName,
      fullName: `${familyName} ${pPick(P.MIDDLE_NAMES[gender])} ${givenName}`,
      // With the year of birth, as many Vietnamese addresses are.
      email: newEmail(`${ascii(givenName)}.${ascii(familyName)}${String(born.getUTCFullYear()).slice(2)}`),
      phone: e164(nsn),
      gender,
      birthDate: pChance(0.7) ? born.toISOString().slice(0, 10) : null,
      street: options.home?.street ?? `${pInt(1, 300)} ${pPick(P.STREETS)}`,
      district: options.home?.district ?? pPick(city.districts),
      city: options.home?.city ?? city.name,
      createdAt: new Date(historyStart - pInt(1, 3 * 365) * DAY + pInt(0, DAY - 1)),
      consentEmail: pChance(0.6),
      consentSms: pChance(0.4),
    };
    const role: PersonRole = {
      person,
      inCrm: true,
      hasWeb: false,
      hasCard: false,
      crmPartnerIds: [],
      webCustomerId: null,
      cardId: null,
      cardCode: null,
      webEmail: person.email,
      truth: {
        personId: person.personId,
        email: person.email,
        phone: person.phone,
        phones: [person.phone],
        crmPartnerIds: [],
        webCustomerIds: [],
        loyaltyCardCodes: [],
        guestOrderIncrementIds: [],
        posTransactionKeys: [],
      },
    };
    planted.push(role);
    return role;
  };
  /** A phone of the person's own besides the one they are known by (a second SIM, a new number). */
  const anotherPhone = (role: PersonRole) => {
    const nsn = newMobile();
    role.truth.phones.push(e164(nsn));
    return nsn;
  };
  const plantPartner = (role: PersonRole, fields: Partial<Omit<CrmPartner, 'id'>>) => {
    const createdAt = fields.createdAt ?? beforeNow(role.person.createdAt.getTime() + pInt(0, 30) * DAY);
    return addPartner(role, {
      name: role.person.fullName,
      email: null,
      phone: null,
      mobile: null,
      street: role.person.street,
      city: role.person.city,
      ref: null,
      createdAt,
      writeDate: new Date(Math.min(now.getTime(), createdAt.getTime() + pInt(0, 400) * DAY)),
      ...fields,
    });
  };
  /** The web shop takes each email once, whatever its case. */
  const plantWebAccount = (
    role: PersonRole,
    account: { email: string; telephone: string; firstname?: string; lastname?: string; createdAt?: Date },
  ) => {
    if (webEmails.has(account.email.toLowerCase())) throw new Error(`planted web account: ${account.email} is taken`);
    webEmails.add(account.email.toLowerCase());
    const [family, middle, given] = nameParts(role.person);
    const createdAt = account.createdAt ?? beforeNow(role.person.createdAt.getTime() + pInt(0, 90) * DAY);
    const firstname = account.firstname ?? `${middle} ${given}`;
    const lastname = account.lastname ?? family;
    const id = customers.length + 1;
    customers.push({
      id,
      email: account.email,
      firstname,
      lastname,
      createdAt,
      updatedAt: createdAt,
      addresses: [{ street: role.person.street, city: role.person.city, telephone: account.telephone, firstname, lastname }],
    });
    role.hasWeb = true;
    role.webCustomerId = id;
    role.truth.webCustomerIds.push(id);
    return id;
  };
  const plantCard = (role: PersonRole, partnerId: number, createdAt: Date) => {
    role.hasCard = true;
    issueCard(planting, role, partnerId, createdAt);
  };

  // Receipts go on closed days the store already traded (the ERP has their end-of-day document, and
  // history sales are in its stock already), never the store's last one (where a feed reader starts),
  // and take the store's next sequence numbers, so no receipt numbered above moves.
  const firstHistoryDay = storeDay(new Date(historyStart + 12 * HOUR));
  const tradedDays = new Map<string, string[]>();
  for (const store of stores) {
    const days = [
      ...new Set(transactions.filter((t) => t.retailStoreId === store.retailStoreId && t.businessDay < today).map((t) => t.businessDay)),
    ].sort();
    tradedDays.set(
      store.retailStoreId,
      days.slice(0, -1).filter((day) => day >= firstHistoryDay),
    );
  }
  const plantedSales: { sale: PosTransaction; role: PersonRole | null }[] = [];
  const homeStore = (person: Person) => {
    const near = (storesByCity.get(person.city) ?? []).filter((s) => tradedDays.get(s.retailStoreId)!.length > 0);
    return near.length > 0 ? pPick(near) : pPick(stores.filter((s) => tradedDays.get(s.retailStoreId)!.length > 0));
  };
  /** A sale with no card captured, only the phone the cashier typed; `role` is who really bought, or nobody. */
  const plantSale = (store: Store, phone: string, role: PersonRole | null) => {
    const day = pPick(tradedDays.get(store.retailStoreId)!);
    const hours = store.openingHours[new Date(`${day}T00:00:00Z`).getUTCDay()];
    const opens = Number(hours.opens.slice(0, 2)) + Number(hours.opens.slice(3)) / 60;
    const closes = Number(hours.closes.slice(0, 2)) + Number(hours.closes.slice(3)) / 60;
    const beginAt = storeInstant(day, planting.number.float({ min: opens, max: closes - 0.1 }));
    const lines: PosLine[] = planting.helpers.arrayElements(carried.get(store.retailStoreId)!, { min: 1, max: 3 }).map((product, index) => {
      const quantity = pChance(0.85) ? 1 : 2;
      const unitPrice = priceAt(product, beginAt);
      const discount = pChance(0.1) ? roundTo(unitPrice * quantity * planting.number.float({ min: 0.1, max: 0.3 }), 1_000) : 0;
      return {
        lineNumber: index + 1,
        sku: product.sku,
        gtin: product.gtin,
        description: product.name,
        quantity,
        unitPrice,
        discount,
        extendedAmount: unitPrice * quantity - discount,
      };
    });
    const total = lines.reduce((sum, line) => sum + line.extendedAmount, 0);
    const tender = planting.helpers.weightedArrayElement([
      { weight: 40, value: 'Cash' },
      { weight: 35, value: 'CreditDebit' },
      { weight: 25, value: 'EWallet' },
    ] as { weight: number; value: PosTenderType }[]);
    plantedSales.push({
      role,
      sale: {
        retailStoreId: store.retailStoreId,
        workstationId: pInt(1, store.workstations),
        sequenceNumber: 0,
        businessDay: day,
        beginAt,
        endAt: new Date(beginAt.getTime() + pInt(40, 400) * 1000),
        kind: 'Sale',
        operatorId: `NV${pInt(100, 999)}`,
        lines,
        total,
        tenders: [{ type: tender, amount: total }],
        customer: { loyaltyCard: null, phone },
        returnOf: null,
        pickupOrderId: null,
      },
    });
  };

  // Households: two or three people on one phone, each with a CRM record of their own
  for (let h = 0; h < messLevel.households; h += 1) {
    const city = planting.helpers.weightedArrayElement(cityWeights);
    const home = { street: `${pInt(1, 300)} ${pPick(P.STREETS)}`, district: pPick(city.districts), city: city.name };
    const nsn = newMobile();
    const family = planting.helpers.weightedArrayElement(familyWeights);
    // Vietnamese wives keep their own family name; children take their father's.
    let wifeFamily = planting.helpers.weightedArrayElement(familyWeights);
    if (wifeFamily === family) wifeFamily = planting.helpers.weightedArrayElement(familyWeights);
    // In turn, so that every world has each kind of household.
    const shape = (['couple', 'parentAndChild', 'parentsAndChild'] as const)[h % 3];
    const members: PersonRole[] = [];
    // The household phone is the first member's mobile; the others have one of their own too.
    const member = (options: Parameters<typeof plantPerson>[0]) => {
      const role = plantPerson({ city, home, nsn: members.length === 0 ? nsn : undefined, ...options });
      if (members.length > 0) role.truth.phones.push(e164(nsn));
      members.push(role);
    };
    if (shape !== 'parentAndChild') {
      member({ gender: 'male', familyName: family, age: [30, 65] });
      member({ gender: 'female', familyName: wifeFamily, age: [28, 62] });
    } else member({ familyName: family, age: [42, 70] });
    if (shape !== 'couple') member({ familyName: family, notGiven: members[0].person.givenName, age: [18, 26] });
    const formats = planting.helpers.shuffle([...formatNames]);
    const familyEmail =
      h < messLevel.sharedEmails
        ? newEmail(`${pPick(['giadinh.', 'giadinh', 'nha.', 'nha'])}${ascii(family)}`, pPick(['gmail.com', 'gmail.com', 'yahoo.com']))
        : null;
    const partnerIds = members.map((role, index) => {
      const typedPhone = PHONE_FORMATS[formats[index % formats.length]](nsn);
      const inMobile = pChance(0.2);
      return plantPartner(role, {
        email: familyEmail && index < 2 ? familyEmail : pChance(0.65) ? role.person.email : null,
        phone: inMobile ? null : typedPhone,
        mobile: inMobile ? typedPhone : null,
      });
    });
    if (familyEmail) {
      sharedEmails.push({ email: familyEmail, personIds: members.slice(0, 2).map((role) => role.person.personId) });
      plantedMess('sharedFamilyEmails');
    }
    // One member at least shops online, with their own email (or the family one, once) and often the household phone.
    const online = pInt(0, members.length - 1);
    let familyEmailOnline = false;
    members.forEach((role, index) => {
      if (index !== online && !pChance(0.35)) return;
      const useFamilyEmail = familyEmail !== null && index < 2 && !familyEmailOnline && pChance(0.3);
      familyEmailOnline ||= useFamilyEmail;
      plantWebAccount(role, {
        email: useFamilyEmail ? familyEmail! : role.person.email,
        telephone: typedAtSignUp(pChance(0.7) ? nsn : index > 0 ? role.person.phone.slice(3) : anotherPhone(role)),
      });
    });
    if (pChance(0.5)) {
      const holder = pInt(0, members.length - 1);
      plantCard(members[holder], partnerIds[holder], partners.find((p) => p.id === partnerIds[holder])!.createdAt);
    }
    // At the till they give the household phone; the truth says who was buying.
    for (const role of members) {
      for (let r = pInt(1, 2); r > 0; r -= 1) {
        plantSale(homeStore(role.person), typed(nsn, ['plain', 'spaced', 'dotted']), role);
        plantedMess('householdPosSalesByPhone');
      }
    }
    households.push({ phone: e164(nsn), personIds: members.map((role) => role.person.personId) });
    plantedMess('householdsSharingPhone');
    plantedMess('householdMembers', members.length);
  }

  // One person under another writing of their name, in a CRM duplicate or their web account
  const NAME_VARIANTS = ['withoutDiacritics', 'westernOrder', 'middleNameDropped', 'nickname'] as const;
  for (const variant of NAME_VARIANTS) {
    for (let i = 0; i < messLevel.nameVariants; i += 1) {
      const role = plantPerson();
      const { person } = role;
      const [family, middle, given] = nameParts(person);
      const nsn = person.phone.slice(3);
      const link = planting.helpers.weightedArrayElement([
        { weight: 35, value: 'phone' },
        { weight: 35, value: 'email' },
        { weight: 30, value: 'address' },
      ] as const);
      plantPartner(role, { email: link === 'email' || pChance(0.7) ? person.email : null, phone: typed(nsn) });
      const laterAt = beforeNow(partners[partners.length - 1].createdAt.getTime() + pInt(30, 500) * DAY, DAY);
      // The web shop shows `${lastname} ${firstname}`: the fields are chosen so that reads as the variant.
      const nick = pPick(P.NICKNAMES.filter((name) => name !== given));
      const written = {
        withoutDiacritics: { name: asciiFold(person.fullName), lastname: asciiFold(family), firstname: asciiFold(`${middle} ${given}`) },
        // Family name last, as on a Western form; on the web the family name went into "first name".
        westernOrder: { name: `${middle} ${given} ${family}`, lastname: `${middle} ${given}`, firstname: family },
        middleNameDropped: { name: `${family} ${given}`, lastname: family, firstname: given },
        nickname: { name: `${family} ${middle} ${nick}`, lastname: family, firstname: `${middle} ${nick}` },
      }[variant];
      if (pChance(0.5)) {
        plantPartner(role, {
          name: written.name,
          email: link === 'email' ? (pChance(0.3) ? person.email.toUpperCase() : person.email) : pChance(0.5) ? otherEmail(person) : null,
          phone: link === 'phone' ? typed(nsn) : pChance(0.5) ? typed(anotherPhone(role)) : null,
          createdAt: laterAt,
          writeDate: laterAt,
        });
      } else {
        plantWebAccount(role, {
          email: link === 'email' ? person.email : otherEmail(person),
          telephone: typedAtSignUp(link === 'phone' ? nsn : anotherPhone(role)),
          firstname: written.firstname,
          lastname: written.lastname,
          createdAt: laterAt,
        });
      }
      plantedMess(`nameVariants:${variant}`);
      if (link === 'address') plantedMess('nameVariantsLinkedOnlyByAddress');
    }
  }

  // Typos: a second record with one character of the email or one digit of the phone wrong
  const typoEmail = (email: string) => {
    const [local, domain] = email.split('@');
    for (;;) {
      const kind = pPick(['dropped', 'doubled', 'transposed', 'domain'] as const);
      const at = pInt(0, local.length - 2);
      let wrong = email;
      if (kind === 'domain') wrong = `${local}@${pPick(P.EMAIL_DOMAIN_TYPOS[domain] ?? [`${domain}m`])}`;
      else if (kind === 'dropped') wrong = `${local.slice(0, at)}${local.slice(at + 1)}@${domain}`;
      else if (kind === 'doubled') wrong = `${local.slice(0, at + 1)}${local.slice(at)}@${domain}`;
      else wrong = `${local.slice(0, at)}${local[at + 1]}${local[at]}${local.slice(at + 2)}@${domain}`;
      // Still an address someone could type, and nobody else's.
      if (wrong !== email && /^[a-z0-9]+([._][a-z0-9]+)*@/.test(wrong) && !usedEmails.has(wrong)) {
        usedEmails.add(wrong);
        return wrong;
      }
    }
  };
  const typoPhone = (nsn: string) => {
    for (;;) {
      // The network prefix stays, so the number still looks like a mobile.
      const at = pInt(2, nsn.length - 1);
      const wrong = `${nsn.slice(0, at)}${(Number(nsn[at]) + pInt(1, 9)) % 10}${nsn.slice(at + 1)}`;
      if (!usedPhones.has(wrong)) {
        usedPhones.add(wrong);
        return wrong;
      }
    }
  };
  for (let i = 0; i < messLevel.typos; i += 1) {
    const typo = (['email', 'phone', 'both'] as const)[i % 3];
    const role = plantPerson();
    const { person } = role;
    const nsn = person.phone.slice(3);
    const keepsOther = typo !== 'both' && pChance(0.5);
    plantPartner(role, { email: person.email, phone: typed(nsn) });
    const laterAt = beforeNow(partners[partners.length - 1].createdAt.getTime() + pInt(10, 400) * DAY, DAY);
    const onWeb = pChance(0.5);
    const email = typo !== 'phone' ? typoEmail(person.email) : keepsOther ? person.email : onWeb ? otherEmail(person) : null;
    const phoneNsn = typo !== 'email' ? typoPhone(nsn) : keepsOther ? nsn : onWeb ? anotherPhone(role) : null;
    if (onWeb) plantWebAccount(role, { email: email!, telephone: typedAtSignUp(phoneNsn!), createdAt: laterAt });
    else plantPartner(role, { email, phone: phoneNsn === null ? null : typed(phoneNsn), createdAt: laterAt, writeDate: laterAt });
    if (typo !== 'phone') plantedMess('emailTypos');
    if (typo !== 'email') plantedMess('phoneTypos');
    if (!keepsOther) plantedMess('typosLinkedOnlyByNameAndAddress');
  }

  // The shop's own phone: staff type it for customers who would not give theirs
  const walkInPhones: GroundTruth['walkInPhones'] = stores.map((store) => ({
    retailStoreId: store.retailStoreId,
    phone: storePhone(store),
  }));
  for (let i = 0; i < messLevel.walkInPartners; i += 1) {
    const store = stores[i % stores.length];
    const role = plantPerson({ city: P.CITIES.find((c) => c.name === store.city) });
    plantPartner(role, { email: pChance(0.6) ? role.person.email : null, phone: typedStorePhone(store) });
    // Their own web account carries their own phone: the shop's is not theirs.
    if (pChance(0.3)) plantWebAccount(role, { email: role.person.email, telephone: typedAtSignUp(role.person.phone.slice(3)) });
    plantedMess('walkInStorePhone:crmPartners');
  }
  for (let i = 0; i < messLevel.walkInSales; i += 1) {
    const store = stores[i % stores.length];
    if (tradedDays.get(store.retailStoreId)!.length === 0) continue;
    plantSale(store, typedStorePhone(store), null);
    plantedMess('walkInStorePhone:posSales');
  }

  // People who changed number: the older record has the old one, the newer the new one
  for (let i = 0; i < messLevel.changedPhone; i += 1) {
    const role = plantPerson();
    const { person } = role;
    const oldNsn = newMobile();
    role.truth.phones.unshift(e164(oldNsn));
    const sameEmail = pChance(0.5);
    const oldAt = person.createdAt;
    plantPartner(role, { email: sameEmail || pChance(0.5) ? person.email : null, phone: typed(oldNsn), createdAt: oldAt });
    const newAt = beforeNow(oldAt.getTime() + pInt(90, 700) * DAY, DAY);
    if (pChance(0.6))
      plantWebAccount(role, {
        email: sameEmail ? person.email : otherEmail(person),
        telephone: typedAtSignUp(person.phone.slice(3)),
        createdAt: newAt,
      });
    else
      plantPartner(role, {
        email: sameEmail ? person.email : null,
        phone: typed(person.phone.slice(3)),
        createdAt: newAt,
        writeDate: newAt,
      });
    plantedMess('changedPhone');
    if (!sameEmail) plantedMess('changedPhoneLinkedOnlyByNameAndAddress');
  }

  // The planted receipts, numbered in time order after each store's own
  plantedSales.sort((a, b) => a.sale.beginAt.getTime() - b.sale.beginAt.getTime());
  for (const { sale, role } of plantedSales) {
    sale.sequenceNumber = (nextSequence.get(sale.retailStoreId) ?? 1000) + 1;
    nextSequence.set(sale.retailStoreId, sale.sequenceNumber);
    transactions.push(sale);
    if (role) role.truth.posTransactionKeys.push(posTransactionKey(sale));
    else walkInPosTransactionKeys.push(posTransactionKey(sale));
  }

  // The ERP still counts on the shelf what a late store sold after its last booked day
  const unbookedAtLateStores = new Map<string, number>();
  for (const t of transactions) {
    const postedThrough = lateStores.get(t.retailStoreId);
    if (postedThrough === undefined || t.businessDay <= postedThrough || t.businessDay >= today) continue;
    for (const line of t.lines) {
      const key = stockKey(`S${t.retailStoreId}`, line.sku);
      unbookedAtLateStores.set(key, (unbookedAtLateStores.get(key) ?? 0) + (t.kind === 'Return' ? -line.quantity : line.quantity));
    }
  }
  for (const row of erpStock) {
    if (row.storageLocation === '0001' && row.stockType === '01')
      row.quantity += unbookedAtLateStores.get(stockKey(row.plant, row.material)) ?? 0;
  }

  // Support across channels: Zalo and Facebook ids on CRM customers, and open cases that began
  // there and went on by phone, in a store or in the app. New data from a stream of its own,
  // appended after every ticket and message above, which stay as they were.
  const supporting = new Faker({ locale: [vi, en, base], seed: seed + 104_729 });
  const supportLevel = SUPPORT[size];
  const socialHandles: CrmSocialHandle[] = [];
  const handleTruth: GroundTruth['socialHandles'] = [];
  const usedHandles = new Set<string>();
  const newHandle = (length: number) => {
    let handle: string;
    do handle = supporting.string.numeric({ length, allowLeadingZeros: false });
    while (usedHandles.has(handle));
    usedHandles.add(handle);
    return handle;
  };
  const handled: { role: PersonRole; handle: CrmSocialHandle }[] = [];
  for (const role of roles) {
    if (role.crmPartnerIds.length === 0) continue;
    const zalo = supporting.datatype.boolean({ probability: supportLevel.zaloShare });
    const facebook = supporting.datatype.boolean({ probability: supportLevel.facebookShare });
    if (!zalo && !facebook) continue;
    const handle = {
      partnerId: role.crmPartnerIds[0],
      zaloUserId: zalo ? newHandle(19) : null,
      facebookPsid: facebook ? newHandle(16) : null,
    };
    socialHandles.push(handle);
    handled.push({ role, handle });
    handleTruth.push({
      personId: role.person.personId,
      crmPartnerId: handle.partnerId,
      zaloUserId: handle.zaloUserId,
      facebookPsid: handle.facebookPsid,
    });
  }
  const supportCases: GroundTruth['supportCases'] = [];
  for (const { role, handle } of supporting.helpers.arrayElements(handled, Math.min(supportLevel.cases, handled.length))) {
    const script = supporting.helpers.arrayElement(CASE_SCRIPTS);
    const opened: SupportChannel = handle.zaloUserId ? 'zalo' : 'facebook';
    const continued = supporting.helpers.arrayElement(['phone', 'store', 'app'] as const);
    const createdAt = new Date(now.getTime() - supporting.number.int({ min: 2 * HOUR, max: 3 * DAY }));
    const later = (minutes: number) => new Date(Math.min(now.getTime() - 60_000, createdAt.getTime() + minutes * 60_000));
    const ticketId = tickets.length + 1;
    tickets.push({
      id: ticketId,
      partnerId: handle.partnerId,
      subject: script.subject,
      stage: 'in_progress',
      team: TEAM_OF_CHANNEL[continued],
      assigned: continued === 'phone',
      createdAt,
      messages: [
        { id: nextMessageId++, channel: opened, fromCustomer: true, body: script.asked, date: createdAt },
        { id: nextMessageId++, channel: opened, fromCustomer: false, body: script.answered, date: later(20) },
        { id: nextMessageId++, channel: continued, fromCustomer: true, body: script.continued, date: later(90) },
      ],
    });
    supportCases.push({ ticketId, personId: role.person.personId, crmPartnerId: handle.partnerId, channels: [opened, continued] });
  }

  // Ground truth
  const closedDays: string[] = [];
  const firstClosedDay = Math.min(historyStart, ...[...lateStores.values()].map((day) => Date.parse(`${day}T00:00:00Z`)));
  for (let t = firstClosedDay; storeDay(new Date(t + 12 * HOUR)) < today; t += DAY) closedDays.push(storeDay(new Date(t + 12 * HOUR)));
  const shelfStock: GroundTruth['shelfStock'] = [];
  const phantomStock: GroundTruth['phantomStock'] = [];
  for (const store of stores) {
    for (const product of carried.get(store.retailStoreId)!) {
      const key = stockKey(store.plant, product.sku);
      const erp = (erpQty.get(key) ?? 0) + (unbookedAtLateStores.get(key) ?? 0);
      const quantity = (erpQty.get(key) ?? 0) - (soldToday.get(key) ?? 0);
      shelfStock.push({ retailStoreId: store.retailStoreId, plant: store.plant, sku: product.sku, quantity });
      if (erp > 0 && quantity === 0)
        phantomStock.push({ retailStoreId: store.retailStoreId, plant: store.plant, sku: product.sku, erpQuantity: erp, shelfQuantity: 0 });
    }
  }
  mess('phantomStock', phantomStock.length);
  for (const [name, count] of Object.entries(plantedMesses)) mess(name, count);
  const plants: ErpPlant[] = [
    ...warehouses.map((w) => ({
      plant: w.plant,
      name: w.name,
      street: w.street,
      city: w.city,
      latitude: w.latitude,
      longitude: w.longitude,
      kind: 'warehouse' as const,
    })),
    ...stores.map((s) => ({
      plant: s.plant,
      name: s.name,
      street: s.street,
      city: s.city,
      latitude: s.latitude,
      longitude: s.longitude,
      kind: 'store' as const,
    })),
  ];
  const truthPersons = [...roles, ...planted]
    .map((r) => r.truth)
    .filter((t) => t.crmPartnerIds.length + t.webCustomerIds.length + t.guestOrderIncrementIds.length + t.posTransactionKeys.length > 0);
  const persons = [...roles, ...planted].map((r) => r.person);
  const marketplace = marketplaceOf({ seed, size, now, products, persons, truthPersons });

  return {
    seed,
    size,
    now,
    today,
    persons,
    stores,
    warehouses,
    products,
    crm: { partners, loyaltyCards, loyaltyEntries, tickets, socialHandles },
    ecommerce: {
      customers,
      orders,
      creditMemos,
      carts,
      sourceItems,
      reservations: webReservations,
      salesRules: promotionsOf(seed, today, stores),
      memberCustomerIds: [...roles, ...planted].flatMap((r) => (r.cardCode !== null && r.webCustomerId !== null ? [r.webCustomerId] : [])),
    },
    pos: { transactions, stockCounts, closedDays },
    warehouse: {
      plants,
      stock: erpStock,
      reservations: erpReservations,
      postedDays: closedDays,
      lateStores: Object.fromEntries(lateStores),
    },
    marketplace: marketplace.shop,
    truth: {
      seed,
      size,
      now: now.toISOString(),
      persons: truthPersons,
      crmDuplicatePairs,
      households,
      sharedEmails,
      walkInPhones,
      walkInPosTransactionKeys,
      shelfStock,
      phantomStock,
      socialHandles: handleTruth,
      supportCases,
      messes,
      marketplaceMembers: marketplace.truth,
    },
  };
}
