import type { World } from '../../legacy/seed/model';
import { posTransactionKey } from '../../legacy/seed/model';
import { generateWorld, PHONE_FORMATS, storeDay } from '../../legacy/seed/world';

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
    const phones = new Set(world.persons.map((p) => digits(p.phone)));
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
