import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../legacy/kit/db';
import { marketplaceOf } from '../../legacy/seed/marketplace';
import type { World } from '../../legacy/seed/model';
import { seedAll } from '../../legacy/seed/seed';
import { generateWorld } from '../../legacy/seed/world';

const world = generateWorld({ seed: 42, size: 'small' });

/** Every row of every table, in a stable order. */
function contents(file: string): Record<string, unknown[]> {
  const db = openDatabase(file);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('the seeded marketplace shop', () => {
  it('is the same for the same seed, other for another, and written to data/marketplace.sqlite by the seed', () => {
    expect(generateWorld({ seed: 42, size: 'small' }).marketplace).toEqual(world.marketplace);
    expect(generateWorld({ seed: 43, size: 'small' }).marketplace.orders[0]).not.toEqual(world.marketplace.orders[0]);
    const seedInto = () => seedAll({ seed: 42, size: 'small', outDir: mkdtempSync(join(tmpdir(), 'omnigraph-seed-')), now: world.now });
    const [first, second] = [seedInto(), seedInto()];
    const marketplaceFile = (report: typeof first) => report.files.find((file) => file.endsWith('/marketplace.sqlite'))!;
    const data = contents(marketplaceFile(first));
    expect(contents(marketplaceFile(second))).toEqual(data);
    expect(data.buyer_order).toHaveLength(world.marketplace.orders.length);
    expect(data.model).toHaveLength(world.products.length);
  });

  it('leaves every other record of the world as it was: the marketplace draws from a stream of its own', () => {
    let without: World | undefined;
    jest.isolateModules(() => {
      jest.doMock('../../legacy/seed/marketplace', () => ({
        marketplaceOf: () => ({ shop: { shopId: 0, items: [], orders: [], members: [] }, truth: [] }),
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      without = (require('../../legacy/seed/world') as typeof import('../../legacy/seed/world')).generateWorld({ seed: 42, size: 'small' });
    });
    const strip = ({ marketplace: _shop, truth: { marketplaceMembers: _members, ...truth }, ...rest }: World) => ({ ...rest, truth });
    expect(without!.marketplace.orders).toHaveLength(0);
    expect(strip(without!)).toEqual(strip(world));
  });

  it('lists every catalogue SKU once, as the model SKU of a listing, with unique item and model ids', () => {
    const models = world.marketplace.items.flatMap((item) => item.models.map((model) => ({ item, model })));
    expect(models.map(({ model }) => model.sku).sort()).toEqual(world.products.map((p) => p.sku).sort());
    for (const { item, model } of models) expect(model.sku.startsWith(`${item.itemSku}-`)).toBe(true);
    expect(new Set(models.map(({ model }) => model.modelId)).size).toBe(models.length);
    expect(new Set(world.marketplace.items.map((i) => i.itemId)).size).toBe(world.marketplace.items.length);
    const listed = new Map(models.map(({ item, model }) => [model.modelId, item.itemId]));
    for (const order of world.marketplace.orders) for (const line of order.items) expect(listed.get(line.modelId)).toBe(line.itemId);
  });

  it('has orders in every settled and moving status, all in the past, numbered as the marketplace numbers them', () => {
    const orders = world.marketplace.orders;
    const statuses = new Set(orders.map((o) => o.status));
    for (const status of ['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'SHIPPED', 'COMPLETED', 'CANCELLED']) expect(statuses).toContain(status);
    for (const order of orders) {
      expect(order.orderSn).toMatch(/^\d{6}[A-Z0-9]{8}$/);
      expect(order.createdAt.getTime()).toBeLessThanOrEqual(order.updatedAt.getTime());
      expect(order.updatedAt.getTime()).toBeLessThanOrEqual(world.now.getTime());
      expect(order.payTime === null).toBe(order.status === 'UNPAID' || (order.status === 'CANCELLED' && order.cancelBy === 'system'));
    }
    expect(new Set(orders.map((o) => o.orderSn)).size).toBe(orders.length);
  });

  it('links a few buyers to members of the loyalty programme, with the truth of who they are', () => {
    const members = world.truth.marketplaceMembers;
    expect(members.length).toBeGreaterThanOrEqual(2);
    const truthOf = new Map(world.truth.persons.map((p) => [p.personId, p]));
    for (const member of members) {
      expect(truthOf.get(member.personId)!.loyaltyCardCodes).toContain(member.loyaltyCardCode);
      expect(world.crm.loyaltyCards.some((card) => card.code === member.loyaltyCardCode)).toBe(true);
      expect(member.orderSns.length).toBeGreaterThan(0);
      const person = world.persons.find((p) => p.personId === member.personId)!;
      for (const sn of member.orderSns) {
        const order = world.marketplace.orders.find((o) => o.orderSn === sn)!;
        expect(order.buyerUserId).toBe(member.buyerUserId);
        expect(`+${order.recipient.phone}`).toBe(person.phone);
      }
    }
    expect(world.marketplace.members.map((m) => [m.buyerUserId, m.loyaltyCardCode])).toEqual(
      members.map((m) => [m.buyerUserId, m.loyaltyCardCode]),
    );
    const linked = new Set(members.map((m) => m.buyerUserId));
    expect(world.marketplace.orders.filter((o) => !linked.has(o.buyerUserId)).length).toBeGreaterThan(members.length);
  });

  it('holds a few thousand orders in the large world', () => {
    const large = marketplaceOf({
      seed: 42,
      size: 'large',
      now: world.now,
      products: world.products,
      persons: world.persons,
      truthPersons: world.truth.persons,
    });
    expect(large.shop.orders).toHaveLength(3_000);
    expect(large.truth.length).toBeGreaterThan(world.truth.marketplaceMembers.length);
    // Over more than one 15-day window: a seller catching up must page through several.
    const oldest = Math.min(...large.shop.orders.map((o) => o.createdAt.getTime()));
    expect(world.now.getTime() - oldest).toBeGreaterThan(60 * 86_400_000);
  });
});
