import type { Person, TruthPerson, World } from '../../legacy/seed/model';
import { posTransactionKey } from '../../legacy/seed/model';
import { CITIES, EMAIL_DOMAIN_TYPOS, NICKNAMES } from '../../legacy/seed/places';
import { generateWorld, PHONE_FORMATS, storeDay } from '../../legacy/seed/world';
import { normalizePhone } from '../../lib/identifiers';

const digits = (text: string) => text.replace(/\D/g, '').slice(-9);

describe('the seeded world', () => {
  let world: World;
  beforeAll(() => {
    world = generateWorld({ seed: 7, size: 'small' });
  });

  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify(generateWorld({ seed: 7, size: 'small' }))).toBe(JSON.stringify(world));
    expect(generateWorld({ seed: 8, size: 'small' }).persons[0]).not.toEqual(world.persons[0]);
  });

  it('plants the same person twice in the CRM, under other spellings', () => {
    expect(world.truth.crmDuplicatePairs.length).toBeGreaterThan(0);
    const byId = new Map(world.crm.partners.map((p) => [p.id, p]));
    for (const [original, duplicate] of world.truth.crmDuplicatePairs) {
      const a = byId.get(original)!;
      const b = byId.get(duplicate)!;
      expect(a.id).not.toBe(b.id);
      const phoneOf = (p: typeof a) => digits(p.phone ?? p.mobile ?? '');
      expect(phoneOf(b)).toBe(phoneOf(a));
      expect(world.truth.persons.some((p) => p.crmPartnerIds.includes(original) && p.crmPartnerIds.includes(duplicate))).toBe(true);
    }
  });

  it('types phones in every format staff use', () => {
    const typed = world.crm.partners.flatMap((p) => [p.phone, p.mobile]).filter((p): p is string => p !== null);
    for (const format of Object.values(PHONE_FORMATS)) {
      const shape = format('901234567').replace(/\d/g, '9');
      expect(typed.some((phone) => phone.replace(/\d/g, '9') === shape)).toBe(true);
    }
  });

  it('has web emails that differ only in case from the CRM, web customers unknown to the CRM, and guest orders', () => {
    const crmEmails = new Set(world.crm.partners.map((p) => p.email).filter(Boolean));
    const caseOnly = world.ecommerce.customers.filter((c) => c.email !== c.email.toLowerCase() && crmEmails.has(c.email.toLowerCase()));
    expect(caseOnly.length).toBeGreaterThan(0);
    const unknown = world.truth.persons.filter((p) => p.webCustomerIds.length > 0 && p.crmPartnerIds.length === 0);
    expect(unknown.length).toBe(world.truth.messes.webCustomersUnknownToCrm);
    expect(unknown.length).toBeGreaterThan(0);
    const guests = world.ecommerce.orders.filter((o) => o.customerId === null);
    expect(guests.length).toBe(world.truth.messes.guestOrders);
    expect(guests.length).toBeGreaterThan(0);
  });

  it('has store sales with no customer and sales identified only by a phone', () => {
    const sales = world.pos.transactions.filter((t) => t.kind === 'Sale');
    expect(sales.filter((t) => t.customer === null).length).toBeGreaterThan(0);
    const phoneOnly = sales.filter((t) => t.customer?.phone && !t.customer.loyaltyCard);
    expect(phoneOnly.length).toBeGreaterThan(0);
    // A person's phone, or a shop's own for a walk-in who gave none.
    const phones = new Set([...world.persons.map((p) => digits(p.phone)), ...world.truth.walkInPhones.map((w) => digits(w.phone))]);
    expect(phoneOnly.every((t) => phones.has(digits(t.customer!.phone!)))).toBe(true);
  });

  it('numbers each store’s receipts in time order, and returns point at a real earlier receipt', () => {
    for (const store of world.stores) {
      const mine = world.pos.transactions.filter((t) => t.retailStoreId === store.retailStoreId);
      const sequences = mine.map((t) => t.sequenceNumber);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(new Set(sequences).size).toBe(sequences.length);
    }
    const keys = new Map(world.pos.transactions.map((t) => [posTransactionKey(t), t]));
    for (const ret of world.pos.transactions.filter((t) => t.kind === 'Return')) {
      const original = keys.get(ret.returnOf!);
      expect(original?.kind).toBe('Sale');
      expect(original!.beginAt.getTime()).toBeLessThan(ret.beginAt.getTime());
    }
  });

  it('keeps today’s store sales out of the ERP: shelf stock = ERP stock − today’s sales', () => {
    const soldToday = new Map<string, number>();
    for (const t of world.pos.transactions.filter((t) => t.businessDay === world.today && t.kind === 'Sale')) {
      for (const line of t.lines)
        soldToday.set(`${t.retailStoreId}|${line.sku}`, (soldToday.get(`${t.retailStoreId}|${line.sku}`) ?? 0) + line.quantity);
    }
    expect(soldToday.size).toBeGreaterThan(0);
    const erp = new Map(
      world.warehouse.stock
        .filter((s) => s.stockType === '01' && s.storageLocation === '0001')
        .map((s) => [`${s.plant}|${s.material}`, s.quantity]),
    );
    for (const shelf of world.truth.shelfStock) {
      const expected = erp.get(`${shelf.plant}|${shelf.sku}`)! - (soldToday.get(`${shelf.retailStoreId}|${shelf.sku}`) ?? 0);
      expect(shelf.quantity).toBe(expected);
      expect(shelf.quantity).toBeGreaterThanOrEqual(0);
    }
    expect(world.truth.phantomStock.length).toBeGreaterThan(0);
    expect(world.pos.closedDays).not.toContain(world.today);
    expect(world.warehouse.postedDays).not.toContain(world.today);
  });

  it('holds stock for every open web order in both the web ledger and an ERP reservation', () => {
    const open = world.ecommerce.orders.filter((o) => o.status === 'pending' || o.status === 'processing');
    expect(open.length).toBeGreaterThan(0);
    const units = open.reduce((sum, o) => sum + o.items.reduce((s, i) => s + i.qtyOrdered, 0), 0);
    expect(-world.ecommerce.reservations.reduce((sum, r) => sum + r.quantity, 0)).toBe(units);
    expect(world.warehouse.reservations.reduce((sum, r) => sum + r.quantity, 0)).toBe(units);
  });

  it('keeps loyalty balances whole: earned on purchases, taken back on refunds, never negative', () => {
    const balances = new Map<number, number>();
    for (const entry of world.crm.loyaltyEntries) balances.set(entry.cardId, (balances.get(entry.cardId) ?? 0) + entry.points);
    expect([...balances.values()].every((b) => b >= 0)).toBe(true);
    expect(world.crm.loyaltyEntries.some((e) => e.origin.startsWith('web:'))).toBe(true);
    expect(world.crm.loyaltyEntries.some((e) => e.origin.startsWith('pos:'))).toBe(true);
  });

  it('labels every product with a valid EAN-13 under Vietnam’s 893 prefix', () => {
    for (const { gtin } of world.products) {
      expect(gtin).toMatch(/^893\d{10}$/);
      const sum = [...gtin.slice(0, 12)].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
      expect(Number(gtin[12])).toBe((10 - (sum % 10)) % 10);
    }
  });

  it('puts store sales inside opening hours, in store-local business days', () => {
    for (const t of world.pos.transactions.filter((t) => t.kind === 'Sale')) {
      expect(storeDay(t.beginAt)).toBe(t.businessDay);
      const hour = (t.beginAt.getUTCHours() + 7) % 24;
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(22);
    }
  });
});

describe('the seeded world’s clock', () => {
  it('never dates a record after the moment it describes', () => {
    const world = generateWorld({ seed: 11, size: 'small' });
    const instants = [
      ...world.crm.partners.flatMap((p) => [p.createdAt, p.writeDate]),
      ...world.ecommerce.customers.flatMap((c) => [c.createdAt, c.updatedAt]),
      ...world.ecommerce.orders.flatMap((o) => [o.createdAt, o.updatedAt]),
      ...world.pos.transactions.map((t) => t.endAt),
    ];
    expect(instants.filter((at) => at.getTime() > world.now.getTime())).toEqual([]);
  });
});

/** One record of a person as a record-linkage model sees it. */
interface SeenRecord {
  ref: string;
  name: string;
  email: string | null;
  /** E.164, or null when none was typed. */
  phone: string | null;
  typedPhone: string | null;
  street: string;
  city: string;
  createdAt: Date;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

/** One character dropped, doubled or two neighbours swapped. */
function oneKeystrokeApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length === 1) return [...long].some((_, i) => long.slice(0, i) + long.slice(i + 1) === short);
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

function mistypedEmail(real: string, typed: string): boolean {
  const [realLocal, realDomain] = real.toLowerCase().split('@');
  const [local, domain] = typed.toLowerCase().split('@');
  if (domain === realDomain) return oneKeystrokeApart(realLocal, local);
  return local === realLocal && (EMAIL_DOMAIN_TYPOS[realDomain] ?? []).includes(domain);
}

describe('the identity messes planted on new people, with the truth of who is who', () => {
  const world = generateWorld({ seed: 7, size: 'small' });
  const persons = new Map(world.persons.map((p) => [p.personId, p]));
  const truthOf = new Map(world.truth.persons.map((t) => [t.personId, t]));
  const partners = new Map(world.crm.partners.map((p) => [p.id, p]));
  const customers = new Map(world.ecommerce.customers.map((c) => [c.id, c]));
  const receipts = new Map(world.pos.transactions.map((t) => [posTransactionKey(t), t]));
  const messes = world.truth.messes;
  const recordsOf = (truth: TruthPerson): SeenRecord[] => [
    ...truth.crmPartnerIds.map((id) => {
      const p = partners.get(id)!;
      const typedPhone = p.phone ?? p.mobile;
      return {
        ref: `CRM:${id}`,
        name: p.name,
        email: p.email,
        phone: normalizePhone(typedPhone),
        typedPhone,
        street: p.street,
        city: p.city,
        createdAt: p.createdAt,
      };
    }),
    ...truth.webCustomerIds.map((id) => {
      const c = customers.get(id)!;
      const [address] = c.addresses;
      return {
        ref: `WEB:${id}`,
        // As the web shop connector names a customer.
        name: `${c.lastname} ${c.firstname}`,
        email: c.email,
        phone: normalizePhone(address.telephone),
        typedPhone: address.telephone,
        street: address.street,
        city: address.city,
        createdAt: c.createdAt,
      };
    }),
  ];
  const sameEmail = (a: SeenRecord, b: SeenRecord) =>
    a.email !== null && b.email !== null && a.email.toLowerCase() === b.email.toLowerCase();
  const samePhone = (a: SeenRecord, b: SeenRecord) => a.phone !== null && a.phone === b.phone;
  const samePlace = (a: SeenRecord, b: SeenRecord) => a.street === b.street && a.city === b.city;
  /** Who really made each receipt, by key. */
  const buyerOf = new Map<string, string[]>();
  for (const truth of world.truth.persons)
    for (const key of truth.posTransactionKeys) buyerOf.set(key, [...(buyerOf.get(key) ?? []), truth.personId]);

  it('gives every record to one person at most, and the planted people ids after the others', () => {
    const seen = new Set<string>();
    for (const truth of world.truth.persons) {
      const refs = [
        ...recordsOf(truth).map((r) => r.ref),
        ...truth.loyaltyCardCodes.map((code) => `CARD:${code}`),
        ...truth.posTransactionKeys.map((key) => `POS:${key}`),
      ];
      for (const ref of refs) {
        expect(seen.has(ref)).toBe(false);
        seen.add(ref);
      }
      expect(truth.phones).toContain(truth.phone);
    }
    const ids = world.persons.map((p) => p.personId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(world.crm.partners.map((p) => p.id)).size).toBe(world.crm.partners.length);
    expect(new Set(world.ecommerce.customers.map((c) => c.email.toLowerCase())).size).toBe(world.ecommerce.customers.length);
    expect(new Set(world.crm.loyaltyCards.map((c) => c.code)).size).toBe(world.crm.loyaltyCards.length);
    expect(new Set(world.pos.transactions.map(posTransactionKey)).size).toBe(world.pos.transactions.length);
  });

  it('plants households: different people on one phone, each with a CRM record of their own, typed their own way', () => {
    expect(world.truth.households.length).toBeGreaterThanOrEqual(3);
    expect(world.truth.households.length).toBe(messes.householdsSharingPhone);
    let online = 0;
    for (const { phone, personIds } of world.truth.households) {
      expect(personIds.length).toBeGreaterThanOrEqual(2);
      expect(personIds.length).toBeLessThanOrEqual(3);
      expect(new Set(personIds).size).toBe(personIds.length);
      const members = personIds.map((id) => truthOf.get(id)!);
      const typed = new Set<string>();
      for (const member of members) {
        expect(member.phones).toContain(phone);
        const own = recordsOf(member).filter((r) => r.ref.startsWith('CRM:') && r.phone === phone);
        expect(own.length).toBe(1);
        typed.add(own[0].typedPhone!);
        online += member.webCustomerIds.length;
      }
      // Their own records: different names, one street.
      expect(new Set(members.map((m) => persons.get(m.personId)!.fullName)).size).toBe(members.length);
      expect(new Set(members.map((m) => `${persons.get(m.personId)!.street}|${persons.get(m.personId)!.city}`)).size).toBe(1);
      expect(typed.size).toBe(members.length);
      // At the till they give the household phone; the truth says which of them bought.
      const sales = world.pos.transactions.filter((t) => t.customer?.phone && normalizePhone(t.customer.phone) === phone);
      expect(sales.length).toBeGreaterThanOrEqual(members.length);
      for (const sale of sales) {
        expect(sale.customer!.loyaltyCard).toBeNull();
        const buyers = buyerOf.get(posTransactionKey(sale))!;
        expect(buyers).toHaveLength(1);
        expect(personIds).toContain(buyers[0]);
      }
      for (const member of members) expect(sales.some((s) => buyerOf.get(posTransactionKey(s))![0] === member.personId)).toBe(true);
    }
    expect(online).toBeGreaterThanOrEqual(world.truth.households.length);
  });

  it('plants family emails on the CRM records of several people, and on one web account at most', () => {
    expect(world.truth.sharedEmails.length).toBeGreaterThanOrEqual(3);
    expect(world.truth.sharedEmails.length).toBe(messes.sharedFamilyEmails);
    for (const { email, personIds } of world.truth.sharedEmails) {
      const owners = new Set(
        world.crm.partners
          .filter((p) => p.email?.toLowerCase() === email)
          .map((p) => world.truth.persons.find((t) => t.crmPartnerIds.includes(p.id))!.personId),
      );
      expect(owners.size).toBeGreaterThanOrEqual(2);
      expect([...owners].sort()).toEqual([...personIds].sort());
      expect(world.ecommerce.customers.filter((c) => c.email.toLowerCase() === email).length).toBeLessThanOrEqual(1);
    }
  });

  it('plants one person under other writings of their name, still sharing a phone, an email or the address', () => {
    const kinds = { withoutDiacritics: 0, westernOrder: 0, middleNameDropped: 0, nickname: 0 };
    const variantOf = (person: Person, name: string): keyof typeof kinds | null => {
      const [family, middle, given] = person.fullName.split(' ');
      if (name === fold(person.fullName) && name !== person.fullName) return 'withoutDiacritics';
      if (name === `${middle} ${given} ${family}`) return 'westernOrder';
      if (name === `${family} ${given}`) return 'middleNameDropped';
      const [f, m, nick] = name.split(' ');
      if (f === family && m === middle && nick !== given && NICKNAMES.includes(nick)) return 'nickname';
      return null;
    };
    for (const truth of world.truth.persons) {
      const person = persons.get(truth.personId)!;
      const records = recordsOf(truth);
      const proper = records.find((r) => r.name === person.fullName);
      for (const record of records) {
        const kind = variantOf(person, record.name);
        if (kind === null || !proper) continue;
        kinds[kind] += 1;
        expect(samePhone(record, proper) || sameEmail(record, proper) || samePlace(record, proper)).toBe(true);
      }
    }
    for (const [kind, count] of Object.entries(kinds)) {
      // The older CRM duplicates drop diacritics too.
      expect(count).toBeGreaterThanOrEqual(Math.max(3, messes[`nameVariants:${kind}`]));
    }
  });

  it('plants typos: a second record one keystroke off in the email or one digit off in the phone, same name and address', () => {
    let emailTypos = 0;
    let phoneTypos = 0;
    const everyonesPhones = new Set(world.truth.persons.flatMap((t) => t.phones));
    for (const truth of world.truth.persons) {
      const person = persons.get(truth.personId)!;
      const [first, ...later] = recordsOf(truth);
      for (const record of later) {
        const emailOff = record.email !== null && mistypedEmail(person.email, record.email);
        const phoneOff =
          record.phone !== null &&
          !truth.phones.includes(record.phone) &&
          [...record.phone].filter((digit, i) => digit !== truth.phone[i]).length === 1;
        if (!emailOff && !phoneOff) continue;
        expect(record.name === first.name || fold(record.name) === fold(first.name)).toBe(true);
        expect(samePlace(record, first)).toBe(true);
        // A mistyped phone is nobody's.
        if (phoneOff) expect(everyonesPhones.has(record.phone!)).toBe(false);
        emailTypos += Number(emailOff);
        phoneTypos += Number(phoneOff);
      }
    }
    expect(emailTypos).toBeGreaterThanOrEqual(3);
    expect(emailTypos).toBe(messes.emailTypos);
    expect(phoneTypos).toBeGreaterThanOrEqual(3);
    expect(phoneTypos).toBe(messes.phoneTypos);
  });

  it('gives each store a landline, typed for walk-ins on CRM records of different people and on receipts of nobody', () => {
    const storePhones = new Map(world.truth.walkInPhones.map((w) => [w.phone, w.retailStoreId]));
    expect(storePhones.size).toBe(world.stores.length);
    for (const store of world.stores) {
      const area = CITIES.find((c) => c.name === store.city)!.areaCode;
      expect(store.telephone).toMatch(new RegExp(`^0${area} \\d{3,4} \\d{4}$`));
      expect(storePhones.get(normalizePhone(store.telephone)!)).toBe(store.retailStoreId);
    }
    const walkIns = world.truth.persons.filter((t) => recordsOf(t).some((r) => r.phone !== null && storePhones.has(r.phone)));
    expect(walkIns.length).toBeGreaterThanOrEqual(3);
    expect(walkIns.length).toBe(messes['walkInStorePhone:crmPartners']);
    for (const truth of walkIns) expect(truth.phones.some((phone) => storePhones.has(phone))).toBe(false);
    const sales = world.pos.transactions.filter((t) => t.customer?.phone && storePhones.has(normalizePhone(t.customer.phone)!));
    expect(sales.length).toBeGreaterThanOrEqual(3);
    expect(sales.map(posTransactionKey).sort()).toEqual([...world.truth.walkInPosTransactionKeys].sort());
    for (const sale of sales) {
      expect(buyerOf.has(posTransactionKey(sale))).toBe(false);
      expect(sale.retailStoreId).toBe(storePhones.get(normalizePhone(sale.customer!.phone)!));
    }
  });

  it('plants people who changed number: the older record has the old one, the newer the new one', () => {
    const changed = world.truth.persons.filter((truth) => {
      const [oldPhone] = truth.phones;
      if (truth.phones.length < 2 || oldPhone === truth.phone) return false;
      const records = recordsOf(truth);
      const older = records.find((r) => r.phone === oldPhone);
      const newer = records.find((r) => r.phone === truth.phone);
      return older && newer && older.createdAt < newer.createdAt && older.name === newer.name && samePlace(older, newer);
    });
    expect(changed.length).toBeGreaterThanOrEqual(3);
    expect(changed.length).toBe(messes.changedPhone);
  });

  it('rings the planted receipts up as valid sales on closed days, numbered after each store’s own', () => {
    const planted = [
      ...world.truth.walkInPosTransactionKeys,
      ...world.truth.households.flatMap((h) => h.personIds.flatMap((id) => truthOf.get(id)!.posTransactionKeys)),
    ];
    expect(planted.length).toBe(messes['walkInStorePhone:posSales'] + messes.householdPosSalesByPhone);
    for (const key of planted) {
      const sale = receipts.get(key)!;
      expect(sale.kind).toBe('Sale');
      expect(world.pos.closedDays).toContain(sale.businessDay);
      expect(sale.total).toBe(sale.lines.reduce((sum, line) => sum + line.extendedAmount, 0));
      expect(sale.tenders.reduce((sum, tender) => sum + tender.amount, 0)).toBe(sale.total);
      expect(sale.endAt.getTime()).toBeLessThan(world.now.getTime());
      // Receipts the stores rang up themselves that day come first.
      expect(
        world.pos.transactions.some(
          (t) => t.retailStoreId === sale.retailStoreId && t.businessDay === sale.businessDay && t.sequenceNumber < sale.sequenceNumber,
        ),
      ).toBe(true);
    }
  });
});
