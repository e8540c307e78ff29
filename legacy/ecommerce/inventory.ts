import type { FastifyInstance } from 'fastify';
import type { Db } from '../kit/db';
import { findProduct, requireProduct } from './catalog';
import { ErrorDetail, MagentoError, requiredField } from './errors';
import { STOCK_ID } from './format';
import { field, optionalArray, pathInt } from './input';
import { searchResults, SearchSpec } from './search';
import { sendJson } from './reply';
import type { Shop } from './shop';
import { sql } from './statements';

/**
 * Multi-source inventory: quantities per source, one stock over all sources, and the append-only
 * reservation ledger. Salable = in-stock quantity of the stock's enabled sources + reservations - threshold.
 */

interface SourceRow {
  source_code: string;
  name: string;
  enabled: number;
  latitude: number;
  longitude: number;
  country_id: string;
  city: string;
  street: string;
  is_pickup_location_active: number;
}

interface SourceItemRow {
  sku: string;
  source_code: string;
  quantity: number;
  status: number;
}

interface StockRow {
  stock_id: number;
  name: string;
}

interface LinkRow {
  link_id: number;
  stock_id: number;
  source_code: string;
  priority: number;
}

export type ReservationEvent = 'order_placed' | 'order_canceled' | 'shipment_created' | 'creditmemo_created';

const SOURCE_SEARCH: SearchSpec = {
  from: 'inventory_source',
  select: '*',
  key: 'source_code',
  fields: {
    source_code: { column: 'source_code', type: 'text' },
    name: { column: 'name', type: 'text' },
    enabled: { column: 'enabled', type: 'bool' },
    city: { column: 'city', type: 'text' },
    country_id: { column: 'country_id', type: 'text' },
    latitude: { column: 'latitude', type: 'number' },
    longitude: { column: 'longitude', type: 'number' },
    is_pickup_location_active: { column: 'is_pickup_location_active', type: 'bool' },
  },
};

const STOCK_SEARCH: SearchSpec = {
  from: 'inventory_stock',
  select: '*',
  key: 'stock_id',
  fields: { stock_id: { column: 'stock_id', type: 'int' }, name: { column: 'name', type: 'text' } },
};

const LINK_SEARCH: SearchSpec = {
  from: 'inventory_source_stock_link',
  select: '*',
  key: 'link_id',
  fields: {
    stock_id: { column: 'stock_id', type: 'int' },
    source_code: { column: 'source_code', type: 'text' },
    priority: { column: 'priority', type: 'int' },
  },
};

const SOURCE_ITEM_SEARCH: SearchSpec = {
  from: 'inventory_source_item',
  select: 'sku, source_code, quantity, status',
  key: 'source_item_id',
  fields: {
    sku: { column: 'sku', type: 'text' },
    source_code: { column: 'source_code', type: 'text' },
    quantity: { column: 'quantity', type: 'number' },
    status: { column: 'status', type: 'int' },
  },
};

function formatSource(source: SourceRow) {
  return {
    source_code: source.source_code,
    name: source.name,
    enabled: source.enabled === 1,
    latitude: source.latitude,
    longitude: source.longitude,
    country_id: source.country_id,
    city: source.city,
    street: source.street,
    use_default_carrier_config: true,
    carrier_links: [],
    extension_attributes: {
      is_pickup_location_active: source.is_pickup_location_active === 1,
      frontend_name: source.name,
      frontend_description: '',
    },
  };
}

function formatStock(stock: StockRow) {
  return { stock_id: stock.stock_id, name: stock.name, extension_attributes: { sales_channels: [{ type: 'website', code: 'base' }] } };
}

export function findSource(db: Db, sourceCode: string): SourceRow | undefined {
  return sql(db, 'SELECT * FROM inventory_source WHERE source_code = ?').get(sourceCode) as SourceRow | undefined;
}

export const sourceNotFound = (sourceCode: string) =>
  new MagentoError(404, 'Source with code "%value" does not exist.', { value: sourceCode });

function requireStock(db: Db, stockId: number): StockRow {
  const stock = sql(db, 'SELECT * FROM inventory_stock WHERE stock_id = ?').get(stockId) as StockRow | undefined;
  if (!stock) throw new MagentoError(404, 'Stock with id "%value" does not exist.', { value: stockId });
  return stock;
}

function salableQuantity(shop: Shop, sku: string, stockId: number = STOCK_ID): number {
  const { quantity } = sql(
    shop.db,
    `SELECT COALESCE(SUM(si.quantity), 0) AS quantity
    FROM inventory_source_item si
    JOIN inventory_source s ON s.source_code = si.source_code
    JOIN inventory_source_stock_link l ON l.source_code = si.source_code
    WHERE si.sku = ? AND si.status = 1 AND s.enabled = 1 AND l.stock_id = ?`,
  ).get(sku, stockId) as { quantity: number };
  const { reserved } = sql(
    shop.db,
    'SELECT COALESCE(SUM(quantity), 0) AS reserved FROM inventory_reservation WHERE stock_id = ? AND sku = ?',
  ).get(stockId, sku) as { reserved: number };
  return quantity + reserved - shop.outOfStockThreshold;
}

/** The two refusals Magento gives when stock cannot cover a quantity. */
export function checkSalable(shop: Shop, sku: string, qty: number): void {
  const salable = salableQuantity(shop, sku);
  if (salable <= 0) throw new MagentoError(400, 'Product that you are trying to add is not available.');
  if (qty > salable) throw new MagentoError(400, 'The requested qty is not available');
}

/** Appends to the ledger; it is never updated or deleted, so corrections are compensating entries. */
export function appendReservation(
  db: Db,
  entry: { sku: string; quantity: number; event: ReservationEvent; orderId: number; incrementId: string },
): void {
  // MSI records every sales event against the order, credit memos included.
  const metadata = JSON.stringify({
    event_type: entry.event,
    object_type: 'order',
    object_id: String(entry.orderId),
    object_increment_id: entry.incrementId,
  });
  sql(db, 'INSERT INTO inventory_reservation (stock_id, sku, quantity, metadata) VALUES (?, ?, ?, ?)').run(
    STOCK_ID,
    entry.sku,
    entry.quantity,
    metadata,
  );
}

export function sourceQuantity(db: Db, sourceCode: string, sku: string): number {
  const row = sql(db, 'SELECT quantity FROM inventory_source_item WHERE source_code = ? AND sku = ?').get(sourceCode, sku) as
    { quantity: number } | undefined;
  return row?.quantity ?? 0;
}

/** Writes a source item's quantity; status follows it, as source deduction and returns set it. */
function saveSourceItem(db: Db, item: SourceItemRow): void {
  sql(
    db,
    `INSERT INTO inventory_source_item (source_code, sku, quantity, status) VALUES (?, ?, ?, ?)
    ON CONFLICT (source_code, sku) DO UPDATE SET quantity = excluded.quantity, status = excluded.status`,
  ).run(item.source_code, item.sku, item.quantity, item.status);
}

export function adjustSourceQuantity(db: Db, sourceCode: string, sku: string, delta: number): void {
  const quantity = sourceQuantity(db, sourceCode, sku) + delta;
  saveSourceItem(db, { source_code: sourceCode, sku, quantity, status: quantity > 0 ? 1 : 0 });
}

function validateSourceItem(db: Db, input: unknown): { item: SourceItemRow | null; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const sku = field(input, 'sku');
  const sourceCode = field(input, 'source_code');
  const quantity = field(input, 'quantity');
  const status = field(input, 'status');
  if (typeof sku !== 'string' || sku.trim() === '') errors.push({ message: '"%field" can not be empty.', parameters: { field: 'sku' } });
  else if (!findProduct(db, sku)) errors.push({ message: 'Product with SKU "%sku" does not exist.', parameters: { sku } });
  if (typeof sourceCode !== 'string' || sourceCode.trim() === '')
    errors.push({ message: '"%field" can not be empty.', parameters: { field: 'source_code' } });
  else if (!findSource(db, sourceCode))
    errors.push({ message: 'Source with code "%value" does not exist.', parameters: { value: sourceCode } });
  const number = typeof quantity === 'number' ? quantity : typeof quantity === 'string' && quantity.trim() !== '' ? Number(quantity) : NaN;
  if (!Number.isFinite(number)) errors.push({ message: '"%field" should be numeric.', parameters: { field: 'quantity' } });
  const statusNumber = Number(status);
  if (statusNumber !== 0 && statusNumber !== 1)
    errors.push({ message: '"%field" should a known status.', parameters: { field: 'status' } });
  if (errors.length > 0) return { item: null, errors };
  return { item: { sku: sku as string, source_code: sourceCode as string, quantity: number, status: statusNumber }, errors };
}

/** How the ERP sync pushes quantities: all or nothing, every problem reported at once. */
function saveSourceItems(db: Db, body: unknown): void {
  const list = optionalArray(body, 'source_items');
  if (!list) throw requiredField('sourceItems');
  const results = list.map((input) => validateSourceItem(db, input));
  const errors = results.flatMap((result) => result.errors);
  if (errors.length > 0) throw new MagentoError(400, 'Validation Failed', undefined, errors);
  db.transaction(() => results.forEach((result) => saveSourceItem(db, result.item as SourceItemRow)))();
}

export function registerInventoryRoutes(app: FastifyInstance, shop: Shop): void {
  const { db, auth } = shop;

  app.get('/inventory/sources', { config: { operation: 'inventory.sources.list' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_InventoryApi::source');
    return searchResults(db, SOURCE_SEARCH, request.query, { mandatory: false }, (rows: SourceRow[]) => rows.map(formatSource));
  });

  app.get<{ Params: { sourceCode: string } }>(
    '/inventory/sources/:sourceCode',
    { config: { operation: 'inventory.sources.get' } },
    async (request) => {
      auth.requireAdmin(request, 'Magento_InventoryApi::source');
      const source = findSource(db, request.params.sourceCode);
      if (!source) throw sourceNotFound(request.params.sourceCode);
      return formatSource(source);
    },
  );

  app.get('/inventory/stocks', { config: { operation: 'inventory.stocks.list' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_InventoryApi::stock');
    return searchResults(db, STOCK_SEARCH, request.query, { mandatory: false }, (rows: StockRow[]) => rows.map(formatStock));
  });

  app.get<{ Params: { stockId: string } }>(
    '/inventory/stocks/:stockId',
    { config: { operation: 'inventory.stocks.get' } },
    async (request) => {
      auth.requireAdmin(request, 'Magento_InventoryApi::stock');
      return formatStock(requireStock(db, pathInt(request.params.stockId, 'stockId')));
    },
  );

  app.get('/inventory/stock-source-links', { config: { operation: 'inventory.stockSourceLinks.list' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_InventoryApi::stock');
    return searchResults(db, LINK_SEARCH, request.query, { mandatory: true }, (rows: LinkRow[]) =>
      rows.map((link) => ({ stock_id: link.stock_id, source_code: link.source_code, priority: link.priority })),
    );
  });

  app.get('/inventory/source-items', { config: { operation: 'inventory.sourceItems.list' } }, async (request) => {
    auth.requireAdmin(request, 'Magento_InventoryApi::source');
    return searchResults(db, SOURCE_ITEM_SEARCH, request.query, { mandatory: true }, (rows: SourceItemRow[]) => rows);
  });

  app.post('/inventory/source-items', { config: { operation: 'inventory.sourceItems.save' } }, async (request, reply) => {
    auth.requireAdmin(request, 'Magento_InventoryApi::source');
    saveSourceItems(db, request.body);
    // A void service method answers with an empty JSON array.
    return sendJson(reply, []);
  });

  app.get<{ Params: { sku: string; stockId: string } }>(
    '/inventory/get-product-salable-quantity/:sku/:stockId',
    { config: { operation: 'inventory.salableQuantity' } },
    async (request) => {
      auth.requireAdmin(request, 'Magento_InventoryApi::stock');
      const stockId = requireStock(db, pathInt(request.params.stockId, 'stockId')).stock_id;
      return salableQuantity(shop, requireProduct(db, request.params.sku).sku, stockId);
    },
  );

  app.get<{ Params: { sku: string; stockId: string } }>(
    '/inventory/is-product-salable/:sku/:stockId',
    { config: { operation: 'inventory.isProductSalable' } },
    async (request) => {
      auth.requireAdmin(request, 'Magento_InventoryApi::stock');
      const stockId = requireStock(db, pathInt(request.params.stockId, 'stockId')).stock_id;
      const product = requireProduct(db, request.params.sku);
      return product.status === 1 && salableQuantity(shop, product.sku, stockId) > 0;
    },
  );
}
