import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute } from '../support/graphql';

/** Searching the catalogue through the gateway as a shopper in Vietnam types. */

const SEARCH = `query($search: String) { productVariants(first: 100, search: $search) { totalCount edges { node { sku name } } } }`;

interface SearchPage {
  productVariants: { totalCount: number; edges: { node: { sku: string; name: string } }[] };
}

/** What a shopper means by "contains": any case, no accents, đ as d. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/giu, 'd').toLowerCase();

describe('searching the catalogue', () => {
  let world: World;
  let system: RunningSystem;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    system = await startSystem({ world, subgraphs: ['ecommerce'], env: { LOG_LEVEL: 'silent' } });
  });
  afterAll(() => system.stop());

  async function search(text: string): Promise<string[]> {
    const answer = await execute<SearchPage, object>(system.gatewayUrl, SEARCH, { search: text });
    expect(answer.errors).toBeUndefined();
    const page = answer.data!.productVariants;
    expect(page.edges).toHaveLength(page.totalCount);
    return page.edges.map((edge) => edge.node.sku);
  }
  const containing = (text: string) =>
    world.products
      .filter((p) => fold(p.name).includes(fold(text)) || fold(p.sku).includes(fold(text)))
      .map((p) => p.sku)
      .sort();

  it('finds "Áo" names in any case and with or without accents', async () => {
    const shirts = world.products.filter((p) => p.name.startsWith('Áo')).map((p) => p.sku);
    expect(shirts.length).toBeGreaterThan(0);
    for (const text of ['áo', 'Áo', 'ÁO', 'ao', 'AO', 'A\u0301o']) {
      const found = await search(text);
      expect(found).toEqual(containing('ao'));
      expect(found).toEqual(expect.arrayContaining(shirts));
    }
  });

  it('finds Vietnamese letters whatever the accents: ô, ơ, ầ, and đ as d', async () => {
    for (const [typed, expected] of [
      ['quần', 'quan'],
      ['QUAN', 'quan'],
      ['sơ mi', 'so mi'],
      ['đỏ', 'do'],
      ['ĐỎ', 'do'],
      ['do', 'do'],
      ['co dien', 'co dien'],
      ['cổ điển', 'co dien'],
      ['dam', 'dam'],
    ]) {
      const found = await search(typed);
      expect(found.length).toBeGreaterThan(0);
      expect([typed, found]).toEqual([typed, containing(expected)]);
    }
  });

  it('takes % and _ as themselves, not as wildcards', async () => {
    for (const text of ['%', '_', '\\', 'AT_0001', 'Áo%thun']) {
      expect([text, await search(text)]).toEqual([text, containing(text)]);
    }
    expect(containing('%')).toEqual([]);
    expect(await search('AT-0001')).toEqual(containing('AT-0001'));
  });
});
