import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import { invalidFieldValue, productNotFound, requiredField } from './errors';
import { decimalText, magentoTime, WEBSITE_ID } from './format';
import { field, optionalArray, optionalNumber, optionalString, requiredObject } from './input';
import { searchResults, SearchSpec } from './search';
import type { Shop } from './shop';
import { sql } from './statements';

const RESOURCE = 'Magento_Catalog::products';
const CATEGORY_RESOURCE = 'Magento_Catalog::categories';

export interface ProductRow {
  entity_id: number;
  sku: string;
  name: string;
  price: number;
  special_price: number | null;
  special_from_date: string | null;
  special_to_date: string | null;
  status: number;
  type_id: string;
  weight: number;
  color: string;
  size: string;
  gtin: string;
  category_id: number;
  created_at: string;
  updated_at: string;
}

interface CategoryRow {
  entity_id: number;
  parent_id: number;
  name: string;
  position: number;
}

const PRODUCT_SEARCH: SearchSpec = {
  from: 'catalog_product',
  select: '*',
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    sku: { column: 'sku', type: 'text' },
    name: { column: 'name', type: 'text' },
    price: { column: 'price', type: 'number' },
    special_price: { column: 'special_price', type: 'number' },
    special_from_date: { column: 'special_from_date', type: 'text' },
    special_to_date: { column: 'special_to_date', type: 'text' },
    status: { column: 'status', type: 'int' },
    type_id: { column: 'type_id', type: 'text' },
    weight: { column: 'weight', type: 'number' },
    color: { column: 'color', type: 'text' },
    size: { column: 'size', type: 'text' },
    gtin: { column: 'gtin', type: 'text' },
    category_id: { column: 'category_id', type: 'int' },
    created_at: { column: 'created_at', type: 'text' },
    updated_at: { column: 'updated_at', type: 'text' },
  },
};

const CATEGORY_SEARCH: SearchSpec = {
  from: 'catalog_category',
  select: '*',
  key: 'entity_id',
  fields: {
    entity_id: { column: 'entity_id', type: 'int' },
    name: { column: 'name', type: 'text' },
    parent_id: { column: 'parent_id', type: 'int' },
  },
};

export function findProduct(db: Db, sku: string): ProductRow | undefined {
  return sql(db, 'SELECT * FROM catalog_product WHERE sku = ?').get(sku) as ProductRow | undefined;
}

export function requireProduct(db: Db, sku: string): ProductRow {
  const product = findProduct(db, sku);
  if (!product) throw productNotFound();
  return product;
}

/** What a cart charges now: the special price inside its date window, else the price. */
export function currentPrice(product: ProductRow, at: Date): number {
  const now = magentoTime(at);
  const active =
    product.special_price !== null &&
    (product.special_from_date === null || product.special_from_date <= now) &&
    (product.special_to_date === null || now <= product.special_to_date);
  return active ? (product.special_price as number) : product.price;
}

/** EAV attributes outside the flat product: all strings, and absent when empty. */
function customAttributes(product: ProductRow) {
  const attributes: { attribute_code: string; value: string | string[] }[] = [];
  if (product.special_price !== null) attributes.push({ attribute_code: 'special_price', value: decimalText(product.special_price) });
  if (product.special_from_date) attributes.push({ attribute_code: 'special_from_date', value: product.special_from_date });
  if (product.special_to_date) attributes.push({ attribute_code: 'special_to_date', value: product.special_to_date });
  attributes.push(
    { attribute_code: 'color', value: product.color },
    { attribute_code: 'size', value: product.size },
    { attribute_code: 'gtin', value: product.gtin },
    { attribute_code: 'category_ids', value: [String(product.category_id)] },
  );
  return attributes;
}

function formatProduct(product: ProductRow) {
  return {
    id: product.entity_id,
    sku: product.sku,
    name: product.name,
    attribute_set_id: 4,
    price: product.price,
    status: product.status,
    visibility: 4,
    type_id: product.type_id,
    created_at: product.created_at,
    updated_at: product.updated_at,
    weight: product.weight,
    extension_attributes: {
      website_ids: [WEBSITE_ID],
      category_links: [{ position: 0, category_id: String(product.category_id) }],
    },
    product_links: [],
    options: [],
    media_gallery_entries: [],
    tier_prices: [],
    custom_attributes: customAttributes(product),
  };
}

/** An attribute value a save clears: Magento's admin sends an empty one. */
const cleared = (value: unknown) => value === null || value === undefined || value === '';

/**
 * The product repository's save for a product that exists (ProductRepositoryInterface::save through
 * `PUT /V1/products/{sku}`): what the body names replaces what the product had, the rest stays, and
 * `updated_at` moves to now. The path names the product; a `sku` in the body is not a rename here.
 */
function saveProduct(shop: Shop, sku: string, body: unknown) {
  const existing = requireProduct(shop.db, sku);
  const input = requiredObject(body, 'product');
  const name = optionalString(input, 'name') ?? existing.name;
  if (name.trim() === '') throw requiredField('name');
  const price = optionalNumber(input, 'price') ?? existing.price;
  if (price < 0) throw invalidFieldValue('price', price);
  const status = optionalNumber(input, 'status') ?? existing.status;
  if (status !== 1 && status !== 2) throw invalidFieldValue('status', status);
  const saved = { ...existing, name, price, status };
  for (const attribute of optionalArray(input, 'custom_attributes') ?? []) {
    const code = optionalString(attribute, 'attribute_code');
    if (code === undefined) throw requiredField('attribute_code');
    const value = field(attribute, 'value');
    if (code === 'special_price') {
      const special = cleared(value) ? null : optionalNumber(attribute, 'value')!;
      if (special !== null && special < 0) throw invalidFieldValue('special_price', special);
      saved.special_price = special;
    } else if (code === 'special_from_date' || code === 'special_to_date') {
      saved[code] = cleared(value) ? null : optionalString(attribute, 'value')!;
    } else if (code === 'color' || code === 'size' || code === 'gtin') {
      saved[code] = cleared(value) ? '' : optionalString(attribute, 'value')!;
    }
    // Other attributes (category_ids, images, ...) are not kept by this stand-in: ignored, as Magento ignores codes outside the attribute set.
  }
  saved.updated_at = magentoTime(shop.now());
  sql(
    shop.db,
    `UPDATE catalog_product SET name = ?, price = ?, status = ?, special_price = ?, special_from_date = ?, special_to_date = ?,
       color = ?, size = ?, gtin = ?, updated_at = ? WHERE entity_id = ?`,
  ).run(
    saved.name,
    saved.price,
    saved.status,
    saved.special_price,
    saved.special_from_date,
    saved.special_to_date,
    saved.color,
    saved.size,
    saved.gtin,
    saved.updated_at,
    saved.entity_id,
  );
  return formatProduct(saved);
}

function formatCategory(category: CategoryRow) {
  return {
    id: category.entity_id,
    parent_id: category.parent_id,
    name: category.name,
    is_active: true,
    position: category.position,
    level: 2,
    path: `1/${category.parent_id}/${category.entity_id}`,
    include_in_menu: true,
  };
}

export function registerCatalogRoutes(app: FastifyInstance, shop: Shop): void {
  app.get('/products', { config: { operation: 'products.list' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return searchResults(shop.db, PRODUCT_SEARCH, request.query, { mandatory: true }, (rows: ProductRow[]) => rows.map(formatProduct));
  });

  app.get<{ Params: { sku: string } }>('/products/:sku', { config: { operation: 'products.get' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return formatProduct(requireProduct(shop.db, request.params.sku));
  });

  app.put<{ Params: { sku: string } }>('/products/:sku', { config: { operation: 'products.save' } }, async (request) => {
    shop.auth.requireAdmin(request, RESOURCE);
    return saveProduct(shop, request.params.sku, request.body);
  });

  app.get('/categories/list', { config: { operation: 'categories.list' } }, async (request) => {
    shop.auth.requireAdmin(request, CATEGORY_RESOURCE);
    return searchResults(shop.db, CATEGORY_SEARCH, request.query, { mandatory: true }, (rows: CategoryRow[]) => rows.map(formatCategory));
  });
}
