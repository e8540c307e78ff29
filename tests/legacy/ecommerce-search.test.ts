import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/ecommerce/app';
import { generalCiLike } from '../../legacy/ecommerce/collation';
import { createSchema, loadWorld } from '../../legacy/ecommerce/store';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

/** Magento's `like` runs MySQL's LIKE under utf8_general_ci, the collation of Magento 2.4's tables. */

describe("MySQL's LIKE under utf8_general_ci", () => {
  it.each([
    ['Áo thun', 'áo thun', true],
    ['Áo thun', 'AO THUN', true],
    ['Quần jean', 'quan%', true],
    ['Dạo phố', 'dao pho', true],
    ['Ơ ư ộ ặ ỹ', 'o u o a y', true],
    ['Đen', 'đen', true],
    ['Đen', 'ĐEN', true],
    // Đ is a letter of its own, not a D with an accent.
    ['Đen', 'den', false],
    ['Ø', 'o', false],
    ['ß', 's', true],
    ['10% off', '10\\% off', true],
    ['100 off', '10\\% off', false],
    ['a_b', 'a\\_b', true],
    ['a-b', 'a\\_b', false],
    ['a-b', 'a_b', true],
    ['a\\b', 'a\\\\b', true],
    // A trailing escape character stands for itself.
    ['a\\', 'a\\', true],
    ['two\nlines', 'two%lines', true],
    ['Áo', '_o', true],
    ['Áo', '_', false],
  ])('%j LIKE %j is %j', (value, pattern, expected) => {
    expect(generalCiLike(value, pattern)).toBe(expected);
  });

  it('matches every character with itself, escaped or not', () => {
    const characters = [...Array.from({ length: 0x2ff }, (_, i) => String.fromCodePoint(i + 1)), ...'ạộĐđ🙂'];
    for (const character of characters) {
      expect([character, generalCiLike(character, `\\${character}`)]).toEqual([character, true]);
      if (character !== '\\' && character !== '%' && character !== '_')
        expect([character, generalCiLike(character, character)]).toEqual([character, true]);
    }
  });

  it('is NULL when either side is', () => {
    expect(generalCiLike(null, '%')).toBeNull();
    expect(generalCiLike('x', null)).toBeNull();
  });
});

describe('searchCriteria like on the products list', () => {
  let world: World;
  let app: FastifyInstance;

  beforeAll(() => {
    world = generateWorld({ seed: 7, size: 'small' });
    const db = openDatabase(':memory:');
    createSchema(db);
    loadWorld(db, world);
    app = buildApp({ db, env: {} });
  });
  afterAll(() => app.close());

  async function products(field: string, value: string, conditionType = 'like'): Promise<string[]> {
    const filter = '[filter_groups][0][filters][0]';
    const query = [
      `${filter}[field]=${field}`,
      `${filter}[value]=${encodeURIComponent(value)}`,
      `${filter}[condition_type]=${conditionType}`,
    ]
      .map((part) => `searchCriteria${part}`)
      .join('&');
    const response = await app.inject({
      method: 'GET',
      url: `/rest/V1/products?${query}`,
      headers: { authorization: 'Bearer ecommerce-dev-token' },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: { sku: string }[]; total_count: number };
    expect(body.items).toHaveLength(body.total_count);
    return body.items.map((item) => item.sku).sort();
  }
  const skusWhere = (test: (name: string, sku: string) => boolean) =>
    world.products
      .filter((p) => test(p.name, p.sku))
      .map((p) => p.sku)
      .sort();
  /** general_ci's weights for Vietnamese: accents off, case folded, Đ kept. */
  const weigh = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();

  it('matches Vietnamese names in any case and with or without accents', async () => {
    const startingWithAo = skusWhere((name) => name.startsWith('Áo'));
    expect(startingWithAo.length).toBeGreaterThan(0);
    for (const pattern of ['Áo%', 'áo%', 'ÁO%', 'ao%']) expect(await products('name', pattern)).toEqual(startingWithAo);
  });

  it('keeps Đ apart from D, as general_ci does', async () => {
    const red = skusWhere((name) => name.includes('Đỏ'));
    expect(red.length).toBeGreaterThan(0);
    for (const pattern of ['%đỏ%', '%ĐO%', '%đo%']) expect(await products('name', pattern)).toEqual(red);
    const withDo = await products('name', '%do%');
    expect(withDo).toEqual(skusWhere((name) => weigh(name).includes('DO')));
    expect(withDo).not.toEqual(expect.arrayContaining([red[0]]));
  });

  it('takes \\ as the escape character: \\% and \\_ match themselves', async () => {
    const shoes = skusWhere((_name, sku) => sku.startsWith('GS-'));
    expect(shoes.length).toBeGreaterThan(0);
    expect(await products('sku', 'GS_%')).toEqual(shoes);
    expect(await products('sku', 'GS\\-%')).toEqual(shoes);
    expect(await products('sku', 'GS\\_%')).toEqual([]);
    expect(await products('name', '%\\%%')).toEqual([]);
    expect(await products('name', '%%%')).toHaveLength(world.products.length);
  });

  it('answers nlike with the rest', async () => {
    expect(await products('name', 'ao%', 'nlike')).toEqual(skusWhere((name) => !name.startsWith('Áo')));
  });
});
