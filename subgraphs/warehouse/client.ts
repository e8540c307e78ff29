import { LegacyHttp, legacyHttpOptionsFromEnv } from '../../lib/http';

/**
 * The one client for the ERP (SAP S/4HANA OData V2 behind a Web Dispatcher). Its quirks stop here:
 * the `{"d": ...}` envelope and `__metadata`, decimal strings for quantities and coordinates,
 * server paging with an absolute `__next` link, NUMC-padded keys, the 16 KB request-line ceiling,
 * and stock that is a set of rows (a missing row means zero).
 */

/** Where the ERP's released APIs live, under the Web Dispatcher's host. */
const ODATA_ROOT = '/sap/opu/odata/sap';

/** Keep each request line well below the ERP's 16 KB ceiling (431 beyond it). */
const MAX_FILTER_CHARS = 6_000;

/** SAP's MATNR is 40 characters: a longer SKU cannot be a material, so it is never asked for. */
const MAX_MATERIAL_LENGTH = 40;

/** The POS end-of-day interface's reference: EOD-101-20261119 (seeded) or POS-101-20261120 (Omnigraph's job). */
const END_OF_DAY_REFERENCE = /^(?:EOD|POS)-(\d{1,10})-(\d{4})(\d{2})(\d{2})$/;
const END_OF_DAY_PREFIXES = ['EOD', 'POS'] as const;

export type PlantKind = 'STORE' | 'WAREHOUSE';

/** A plant (A_Plant): a store or a warehouse. */
export interface Plant {
  plant: string;
  name: string;
  kind: PlantKind;
  street: string | null;
  city: string | null;
  countryCode: string;
  latitude: number;
  longitude: number;
}

/** One stock quantity (A_MatlStkInAcctMod): a material at a plant and storage location in one stock type. */
export interface StockRow {
  material: string;
  plant: string;
  storageLocation: string;
  /** 01 unrestricted, 07 blocked (damaged). */
  stockType: string;
  quantity: number;
}

/** What an open reservation item (not deleted, not finally issued) still holds: required − withdrawn. */
export interface ReservationHold {
  material: string;
  plant: string;
  quantity: number;
}

/** A POS end-of-day batch the ERP has booked: one store's sales and returns of one business day. */
export interface EndOfDayPosting {
  retailStoreId: string;
  /** YYYY-MM-DD, the store's business day. */
  businessDay: string;
}

type Entity = Record<string, unknown>;

interface CollectionAnswer {
  d: { results: Entity[]; __next?: string };
}

export interface CollectionQuery {
  $filter?: string;
  $select?: string;
  $orderby?: string;
  $top?: number;
}

/** A text literal in $filter: quoted, with quotes doubled ('O''Neil'). */
export function odataText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `(P eq 'a' or P eq 'b' ...)` over many values, split so that no request line grows past the
 * ERP's ceiling: one filter per chunk, each to be read on its own.
 */
export function anyOfFilters(values: readonly string[], clause: (value: string) => string, maxChars = MAX_FILTER_CHARS): string[] {
  const filters: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const value of values) {
    const text = clause(value);
    // Encoded, a clause is longer than it reads; measure what goes on the wire.
    const wire = encodeURIComponent(text).length + 10;
    if (current.length > 0 && length + wire > maxChars) {
      filters.push(`(${current.join(' or ')})`);
      current = [];
      length = 0;
    }
    current.push(text);
    length += wire;
  }
  if (current.length > 0) filters.push(`(${current.join(' or ')})`);
  return filters;
}

/** The server page to read next, from SAP's absolute `__next` link; null when it was the last page. */
export function skiptokenOf(next: string | undefined): string | null {
  if (!next) return null;
  const token = new URL(next, 'http://erp.invalid').searchParams.get('$skiptoken');
  if (token === null || !/^\d{1,9}$/.test(token)) throw new Error('the ERP sent a next-page link without a valid $skiptoken');
  return token;
}

/** Edm.Decimal as SAP sends it: "12.000", "-3.500", "10.776889". */
export function decimal(value: unknown): number {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`the ERP sent ${JSON.stringify(value)} for a decimal`);
  return Number(value);
}

/** Stock is kept in whole pieces (PC); "12.000" is 12. */
export function pieces(value: unknown): number {
  const quantity = decimal(value);
  if (!Number.isInteger(quantity)) throw new Error(`the ERP sent ${String(value)} PC, not whole pieces`);
  return quantity;
}

/** SAP leaves text fields empty rather than null; the graph says null. */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function plantOf(entity: Entity): Plant {
  return {
    plant: text(entity.Plant),
    name: text(entity.PlantName),
    // DC is a distribution centre; anything else the retailer runs as a plant is a store.
    kind: entity.PlantCategory === 'DC' ? 'WAREHOUSE' : 'STORE',
    street: textOrNull(entity.StreetName),
    city: textOrNull(entity.CityName),
    countryCode: text(entity.Country),
    latitude: decimal(entity.YY1_Latitude),
    longitude: decimal(entity.YY1_Longitude),
  };
}

function stockRowOf(entity: Entity): StockRow {
  return {
    material: text(entity.Material),
    plant: text(entity.Plant),
    storageLocation: text(entity.StorageLocation),
    stockType: text(entity.InventoryStockType),
    quantity: pieces(entity.MatlWrhsStkQtyInMatlBaseUnit),
  };
}

/** What a reservation item still holds; the ERP never holds less than nothing. */
function holdOf(entity: Entity): ReservationHold {
  const held = pieces(entity.ResvnItmRequiredQtyInBaseUnit) - pieces(entity.ResvnItmWithdrawnQtyInBaseUnit);
  return { material: text(entity.Material), plant: text(entity.Plant), quantity: Math.max(0, held) };
}

/** The store and business day an end-of-day document books, or null for any other document. */
export function endOfDayPostingOf(referenceDocument: string): EndOfDayPosting | null {
  const match = END_OF_DAY_REFERENCE.exec(referenceDocument);
  return match ? { retailStoreId: match[1], businessDay: `${match[2]}-${match[3]}-${match[4]}` } : null;
}

export class WarehouseClient {
  constructor(private readonly http: LegacyHttp) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): WarehouseClient {
    const user = env.WAREHOUSE_USER ?? 'OMNIGRAPH_API';
    const password = env.WAREHOUSE_PASSWORD ?? 'warehouse-dev-password';
    const http = new LegacyHttp({
      ...legacyHttpOptionsFromEnv('warehouse', `${env.WAREHOUSE_URL ?? 'http://127.0.0.1:8000'}${ODATA_ROOT}`, env),
      // The Gateway answers Atom XML unless JSON is asked for.
      headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, Accept: 'application/json' },
    });
    return new WarehouseClient(http);
  }

  /**
   * Every row of a collection: the ERP pages at 100 rows and links the next page with an absolute
   * URL, which is never followed as such; only its $skiptoken is sent back, to our own base URL.
   */
  async collection(service: string, entitySet: string, query: CollectionQuery): Promise<Entity[]> {
    const rows: Entity[] = [];
    let skiptoken: string | null = null;
    do {
      const params: Record<string, string | number> = { ...query, $format: 'json', ...(skiptoken === null ? {} : { $skiptoken: skiptoken }) };
      const response = await this.http.read<CollectionAnswer>({ method: 'GET', url: `/${service}/${entitySet}`, params });
      rows.push(...response.data.d.results);
      skiptoken = skiptokenOf(response.data.d.__next);
    } while (skiptoken !== null);
    return rows;
  }

  /** One filter per chunk of values, read in parallel, rows concatenated. */
  private async collectionOfAny(
    service: string,
    entitySet: string,
    values: readonly string[],
    clause: (value: string) => string,
    query: Omit<CollectionQuery, '$filter'> & { and?: string },
  ): Promise<Entity[]> {
    const { and, ...rest } = query;
    const chunks = anyOfFilters(values, clause);
    const pages = await Promise.all(chunks.map((filter) => this.collection(service, entitySet, { ...rest, $filter: and ? `${filter} and ${and}` : filter })));
    return pages.flat();
  }

  async plants(): Promise<Plant[]> {
    const rows = await this.collection('API_PLANT_SRV', 'A_Plant', {
      $select: 'Plant,PlantName,PlantCategory,StreetName,CityName,Country,YY1_Latitude,YY1_Longitude',
    });
    return rows.map(plantOf);
  }

  /** Every stock row of these materials at every plant; a plant that never held one has no row. */
  async stockOfMaterials(materials: readonly string[]): Promise<StockRow[]> {
    const asked = materials.filter((material) => material.length <= MAX_MATERIAL_LENGTH);
    if (asked.length === 0) return [];
    const rows = await this.collectionOfAny('API_MATERIAL_STOCK_SRV', 'A_MatlStkInAcctMod', asked, (m) => `Material eq ${odataText(m)}`, {
      $select: 'Material,Plant,StorageLocation,InventoryStockType,MatlWrhsStkQtyInMatlBaseUnit',
    });
    return rows.map(stockRowOf);
  }

  /** What open reservations (not marked for deletion, not finally issued) still hold of these materials. */
  async openReservationsOfMaterials(materials: readonly string[]): Promise<ReservationHold[]> {
    const asked = materials.filter((material) => material.length <= MAX_MATERIAL_LENGTH);
    if (asked.length === 0) return [];
    const rows = await this.collectionOfAny('API_RESERVATION_DOCUMENT_SRV', 'A_ReservationDocumentItem', asked, (m) => `Material eq ${odataText(m)}`, {
      and: 'ReservationItmIsMarkedForDeltn eq false and ReservationItemIsFinallyIssued eq false',
      $select: 'Material,Plant,ResvnItmRequiredQtyInBaseUnit,ResvnItmWithdrawnQtyInBaseUnit',
    });
    return rows.map(holdOf);
  }

  /**
   * The newest end-of-day postings of these stores, newest first: at most `perStore` documents a
   * store on average, which covers the last week of a store that trades every day.
   */
  async recentEndOfDayPostings(retailStoreIds: readonly string[], perStore = 7): Promise<EndOfDayPosting[]> {
    if (retailStoreIds.length === 0) return [];
    const prefixes = retailStoreIds.flatMap((store) => END_OF_DAY_PREFIXES.map((prefix) => `${prefix}-${store}-`));
    const rows = await this.collectionOfAny('API_MATERIAL_DOCUMENT_SRV', 'A_MaterialDocumentHeader', prefixes, (p) => `startswith(ReferenceDocument,${odataText(p)})`, {
      $select: 'ReferenceDocument',
      $orderby: 'PostingDate desc',
      $top: perStore * retailStoreIds.length,
    });
    return rows.map((row) => endOfDayPostingOf(text(row.ReferenceDocument))).filter((posting): posting is EndOfDayPosting => posting !== null);
  }
}
