import {
  anyOf,
  catalogProductOf,
  inUrlSizedChunks,
  itemsOfPage,
  MagentoProduct,
  MAX_PAGE_SIZE,
  pagesCovering,
  priceAt,
  searchParams,
  webCartOf,
} from '../../connectors/ecommerce';

const vnd = (amount: string) => ({ amount, currencyCode: 'VND' });

/** A product as Magento answers it: special price as a six-decimal string among the EAV attributes. */
const product = (attributes: MagentoProduct['custom_attributes']): MagentoProduct => ({
  sku: 'QJ-0003-XA-M',
  name: 'Quần jean basic Xám - M',
  price: 499000,
  custom_attributes: attributes,
  extension_attributes: { category_links: [{ category_id: '5' }] },
});

const onSale = catalogProductOf(
  product([
    { attribute_code: 'special_price', value: '399000.000000' },
    { attribute_code: 'special_from_date', value: '2026-11-10 00:00:00' },
    { attribute_code: 'special_to_date', value: '2026-11-30 16:59:59' },
    { attribute_code: 'color', value: 'Xám' },
    { attribute_code: 'size', value: 'M' },
    { attribute_code: 'gtin', value: '8930000000019' },
    { attribute_code: 'category_ids', value: ['5'] },
  ]),
);

describe('a Magento product in the graph', () => {
  it('reads the EAV attributes, and null for the ones Magento leaves out', () => {
    expect(onSale).toMatchObject({
      sku: 'QJ-0003-XA-M',
      gtin: '8930000000019',
      color: 'Xám',
      size: 'M',
      categoryId: 5,
      price: vnd('499000'),
    });
    expect(catalogProductOf(product(undefined))).toMatchObject({ gtin: null, color: null, size: null, specialPrice: null });
  });

  it.each([
    ['before the special price starts', '2026-11-09T23:59:59Z', { price: vnd('499000'), compareAtPrice: null }],
    ['when it starts', '2026-11-10T00:00:00Z', { price: vnd('399000'), compareAtPrice: vnd('499000') }],
    ['on its last second', '2026-11-30T16:59:59Z', { price: vnd('399000'), compareAtPrice: vnd('499000') }],
    ['after it ends', '2026-11-30T17:00:00Z', { price: vnd('499000'), compareAtPrice: null }],
  ])('sells at the right price %s', (_when, at, expected) => {
    expect(priceAt(onSale, new Date(at))).toEqual(expected);
  });

  it('keeps an open-ended special price running', () => {
    const open = catalogProductOf(product([{ attribute_code: 'special_price', value: '399000.000000' }]));
    expect(priceAt(open, new Date('2030-01-01T00:00:00Z')).price).toEqual(vnd('399000'));
  });
});

describe('a Magento cart in the graph', () => {
  it('prices its lines as they stand and adds them up exactly', () => {
    const cart = webCartOf({
      id: 12,
      updated_at: '2026-11-19 10:20:06',
      items: [
        { sku: 'A', qty: 2, price: 229000 },
        { sku: 'B', qty: 1, price: 399000 },
      ],
      customer: { id: 30 },
      currency: { quote_currency_code: 'VND' },
    });
    expect(cart).toEqual({
      id: Buffer.from('Cart:12').toString('base64url'),
      customerId: 30,
      updatedAt: '2026-11-19T10:20:06Z',
      lines: [
        { sku: 'A', quantity: 2, unitPrice: vnd('229000') },
        { sku: 'B', quantity: 1, unitPrice: vnd('399000') },
      ],
      subtotal: vnd('857000'),
    });
  });

  it('belongs to no customer when it is a guest cart', () => {
    expect(webCartOf({ id: 1, updated_at: '2026-11-19 10:20:06', items: [], customer: {} })).toMatchObject({
      customerId: null,
      subtotal: vnd('0'),
    });
  });
});

describe("Magento's page numbers behind Relay cursors", () => {
  it('uses the requested size when the offset falls on a page', () => {
    expect(pagesCovering(0, 20)).toEqual({ pageSize: 20, firstPage: 1, pageCount: 1, skip: 0 });
    expect(pagesCovering(40, 20)).toEqual({ pageSize: 20, firstPage: 3, pageCount: 1, skip: 0 });
  });

  it('finds a page size whose one page holds a window that does not fall on a page', () => {
    const window = pagesCovering(5, 7);
    expect(window.pageCount).toBe(1);
    const start = (window.firstPage - 1) * window.pageSize + window.skip;
    expect(start).toBe(5);
    expect(window.skip + 7).toBeLessThanOrEqual(window.pageSize);
  });

  it('falls back to two pages when no page size up to the maximum fits', () => {
    expect(pagesCovering(1, MAX_PAGE_SIZE)).toEqual({ pageSize: MAX_PAGE_SIZE, firstPage: 1, pageCount: 2, skip: 1 });
  });

  it('holds every window within one or two pages, starting where asked', () => {
    for (let offset = 0; offset < 400; offset += 7) {
      for (const limit of [1, 5, 20, 100]) {
        const window = pagesCovering(offset, limit);
        expect((window.firstPage - 1) * window.pageSize + window.skip).toBe(offset);
        expect(window.skip + limit).toBeLessThanOrEqual(window.pageSize * window.pageCount);
        expect(window.pageSize).toBeLessThanOrEqual(MAX_PAGE_SIZE);
      }
    }
  });

  it('drops the last page Magento repeats when asked past the end', () => {
    const repeated = { items: ['x', 'y'], total_count: 12 };
    expect(itemsOfPage(repeated, 3, 5)).toEqual(['x', 'y']);
    expect(itemsOfPage(repeated, 4, 5)).toEqual([]);
    expect(itemsOfPage({ items: [], total_count: 0 }, 1, 5)).toEqual([]);
  });
});

describe('searchCriteria', () => {
  it('asks for many values in one `in` filter, ORing in the ones with a comma Magento would split', () => {
    expect(anyOf('sku', ['A', 'B', 'A', 'C,D'])).toEqual([
      { field: 'sku', value: 'A,B', conditionType: 'in' },
      { field: 'sku', value: 'C,D', conditionType: 'eq' },
    ]);
  });

  it('writes groups, sort orders and paging as Magento reads them, never above its maximum page size', () => {
    expect(
      searchParams({
        filterGroups: [[{ field: 'customer_id', value: '1,2', conditionType: 'in' }], [{ field: 'is_active', value: '1' }]],
        sortOrders: [{ field: 'entity_id', direction: 'ASC' }],
        pageSize: 1000,
      }),
    ).toEqual({
      'searchCriteria[filter_groups][0][filters][0][field]': 'customer_id',
      'searchCriteria[filter_groups][0][filters][0][value]': '1,2',
      'searchCriteria[filter_groups][0][filters][0][condition_type]': 'in',
      'searchCriteria[filter_groups][1][filters][0][field]': 'is_active',
      'searchCriteria[filter_groups][1][filters][0][value]': '1',
      'searchCriteria[filter_groups][1][filters][0][condition_type]': 'eq',
      'searchCriteria[sortOrders][0][field]': 'entity_id',
      'searchCriteria[sortOrders][0][direction]': 'ASC',
      'searchCriteria[pageSize]': '300',
      'searchCriteria[currentPage]': '1',
    });
  });
});

describe('a search by many values', () => {
  it('is split into searches whose filter stays well under a web server’s 8 KB request line, each value once', () => {
    const skus = Array.from({ length: 1_000 }, (_, i) => `TX-${String(i).padStart(4, '0')}-DO-XL`);
    const chunks = inUrlSizedChunks([...skus, skus[0]]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(encodeURIComponent(chunk.join(',')).length).toBeLessThan(3_500);
    expect(chunks.flat()).toEqual(skus);
    expect(inUrlSizedChunks([])).toEqual([]);
  });
});
