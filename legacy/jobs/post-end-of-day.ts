import { XMLParser } from 'fast-xml-parser';

/**
 * The retailer's nightly interface, not part of Omnigraph: it closes a store's business day at
 * the POS head office, reads the end-of-day batch, and books it in the ERP as one goods-movement
 * document. Until it runs, the ERP's store stock still counts what the tills sold that day.
 * It talks to both systems only through their APIs.
 */

export interface PostingEndpoints {
  posUrl: string;
  posApiKey: string;
  warehouseUrl: string;
  warehouseUser: string;
  warehousePassword: string;
}

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): PostingEndpoints {
  return {
    posUrl: env.POS_URL ?? 'http://127.0.0.1:7070',
    posApiKey: env.POS_API_KEY ?? 'pos-dev-key',
    warehouseUrl: env.WAREHOUSE_URL ?? 'http://127.0.0.1:8000',
    warehouseUser: env.WAREHOUSE_USER ?? 'OMNIGRAPH_API',
    warehousePassword: env.WAREHOUSE_PASSWORD ?? 'warehouse-dev-password',
  };
}

export interface PostingResult {
  /** The ERP reference the batch is booked under: EOD-<store>-<YYYYMMDD>. */
  reference: string;
  /** False when the ERP already had the batch: nothing was posted again. */
  posted: boolean;
  /** Goods-movement lines booked. */
  lines: number;
}

interface MovementLine {
  Material: string;
  Plant: string;
  StorageLocation: string;
  GoodsMovementType: '251' | '252';
  QuantityInEntryUnit: string;
  InventoryStockType?: '07';
}

type Xml = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['Transaction', 'LineItem'].includes(name),
});

const text = (value: unknown): string =>
  typeof value === 'object' && value !== null ? String((value as Xml)['#text'] ?? '') : String(value ?? '');

/** Net quantities per SKU and movement from a batch: sales and handovers out, returns back in. */
export function movementsOfBatch(batchXml: string, plant: string): MovementLine[] {
  const log = (parser.parse(batchXml) as Xml).POSLog as Xml;
  const totals = new Map<string, { sku: string; type: '251' | '252'; blocked: boolean; quantity: number }>();
  for (const transaction of (log.Transaction as Xml[] | undefined) ?? []) {
    const retail = transaction.RetailTransaction as Xml;
    for (const item of (retail.LineItem as Xml[] | undefined) ?? []) {
      const line = (item.Sale ?? item.CustomerOrderForPickup ?? item.Return) as Xml | undefined;
      if (!line) continue;
      const isReturn = item.Return !== undefined;
      const blocked = isReturn && text(line.Disposition) === 'Damaged';
      const sku = text(line.ItemID);
      const key = `${sku}|${isReturn}|${blocked}`;
      const entry = totals.get(key) ?? { sku, type: isReturn ? '252' : '251', blocked, quantity: 0 };
      entry.quantity += Number(text(line.Quantity));
      totals.set(key, entry);
    }
  }
  return [...totals.values()]
    .filter((entry) => entry.quantity > 0)
    .map((entry) => ({
      Material: entry.sku,
      Plant: plant,
      StorageLocation: '0001',
      GoodsMovementType: entry.type,
      QuantityInEntryUnit: String(entry.quantity),
      ...(entry.blocked ? { InventoryStockType: '07' as const } : {}),
    }));
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  return response;
}

/** Closes (when asked) and books one store's business day; safe to run again for the same day. */
export async function postEndOfDay(
  endpoints: PostingEndpoints,
  retailStoreId: string,
  businessDay: string,
  close = true,
): Promise<PostingResult> {
  const pos = (path: string, method = 'GET') =>
    fetch(
      `${endpoints.posUrl}/poslog/v1/stores/${encodeURIComponent(retailStoreId)}/business-days/${encodeURIComponent(businessDay)}${path}`,
      {
        method,
        headers: { 'x-api-key': endpoints.posApiKey },
      },
    );
  if (close) await ok(await pos('/close', 'POST'), 'closing the business day');
  const batch = await (await ok(await pos('/batch'), 'reading the end-of-day batch')).text();

  const reference = `EOD-${retailStoreId}-${businessDay.replaceAll('-', '')}`;
  const basic = `Basic ${Buffer.from(`${endpoints.warehouseUser}:${endpoints.warehousePassword}`).toString('base64')}`;
  const documents = `${endpoints.warehouseUrl}/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader`;
  // The ERP does not de-duplicate: look for the reference first, fetching the CSRF token on the way.
  const existing = await ok(
    await fetch(`${documents}?$filter=${encodeURIComponent(`ReferenceDocument eq '${reference}'`)}&$top=1&$format=json`, {
      headers: { authorization: basic, 'x-csrf-token': 'fetch', accept: 'application/json' },
    }),
    'looking for an earlier posting',
  );
  const found = ((await existing.json()) as { d: { results: unknown[] } }).d.results;
  if (found.length > 0) return { reference, posted: false, lines: 0 };

  const lines = movementsOfBatch(batch, `S${retailStoreId}`);
  if (lines.length === 0) return { reference, posted: false, lines: 0 };
  const cookie = (existing.headers.get('set-cookie') ?? '').split(';')[0];
  await ok(
    await fetch(`${documents}?$format=json`, {
      method: 'POST',
      headers: {
        authorization: basic,
        'x-csrf-token': existing.headers.get('x-csrf-token') ?? '',
        cookie,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        PostingDate: `/Date(${Date.parse(`${businessDay}T00:00:00Z`)})/`,
        MaterialDocumentHeaderText: `POS EOD ${retailStoreId} ${businessDay}`,
        ReferenceDocument: reference,
        to_MaterialDocumentItem: lines,
      }),
    }),
    'posting the goods movements',
  );
  return { reference, posted: true, lines: lines.length };
}
