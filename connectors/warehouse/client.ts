import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import { BusinessRuleError } from '../../lib/errors';
import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';

/**
 * The one client for the ERP (SAP S/4HANA OData V2 behind a Web Dispatcher). Its quirks stop here:
 * the `{"d": ...}` envelope and `__metadata`, decimal strings for quantities and coordinates,
 * server paging with an absolute `__next` link, NUMC-padded keys, the 16 KB request-line ceiling,
 * stock that is a set of rows (a missing row means zero), and writes behind a CSRF token bound to
 * a session cookie, refused with T100 messages (M7/021 deficits) we turn into retail codes.
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

export interface ReservationItemState {
  item: string;
  material: string;
  plant: string;
  storageLocation: string;
  required: number;
  withdrawn: number;
  deleted: boolean;
  finallyIssued: boolean;
}

export interface NewReservationItem {
  material: string;
  plant: string;
  /** Default '0001'. */
  storageLocation?: string;
  quantity: number;
}

export interface ReservationState {
  reservation: string;
  recipient: string;
  items: ReservationItemState[];
}

export type MovementType = '251' | '252' | '261' | '301' | '344' | '501';

export interface GoodsMovementItem {
  material: string;
  plant: string;
  /** Default '0001', except against a reservation, whose own storage location applies. */
  storageLocation?: string;
  movementType: MovementType;
  /** '07' books a receipt (252, 501) into blocked stock: damaged goods. */
  stockType?: '07';
  quantity: number;
  reservation?: string;
  reservationItem?: string;
  /** 301: the plant that receives. */
  receivingPlant?: string;
}

export interface GoodsMovement {
  /** ReferenceDocument, at most 16 characters: what `materialDocumentsByReference` finds it by. */
  reference: string;
  /** At most 25 characters. */
  headerText: string;
  items: GoodsMovementItem[];
}

export interface MaterialDocumentKey {
  materialDocument: string;
  year: string;
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
  $expand?: string;
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

function reservationItemOf(entity: Entity): ReservationItemState {
  return {
    item: text(entity.ReservationItem),
    material: text(entity.Material),
    plant: text(entity.Plant),
    storageLocation: text(entity.StorageLocation),
    required: pieces(entity.ResvnItmRequiredQtyInBaseUnit),
    withdrawn: pieces(entity.ResvnItmWithdrawnQtyInBaseUnit),
    deleted: entity.ReservationItmIsMarkedForDeltn === true,
    finallyIssued: entity.ReservationItemIsFinallyIssued === true,
  };
}

/** An expanded navigation arrives as `{ results: [...] }`. */
function expanded(value: unknown): Entity[] {
  const results = (value as { results?: unknown } | undefined)?.results;
  return Array.isArray(results) ? (results as Entity[]) : [];
}

function reservationOf(entity: Entity): ReservationState {
  return {
    reservation: text(entity.Reservation),
    recipient: text(entity.GoodsRecipientName),
    items: expanded(entity.to_ReservationDocumentItem).map(reservationItemOf),
  };
}

const isOpen = (item: ReservationItemState) => !item.deleted && !item.finallyIssued;

/** The body SAP's Gateway answers a refused call with. */
interface ODataErrorAnswer {
  error?: { code?: string; message?: { value?: string } };
}

/** M7/021 "Deficit of SL Unrestricted-use 2 PC : TS-0001-XA-M S101 0001": how many, of what, where. */
const DEFICIT = /(\d+) PC : (\S+) (\S+) (\S+)$/;

/** A refused write: stock or material problems the caller can act on; anything else is a request we built wrong. */
function refusalOf(answer: ODataErrorAnswer | string): Error {
  const error = typeof answer === 'object' && answer !== null ? answer.error : undefined;
  const message = error?.message?.value ?? '';
  switch (error?.code) {
    case 'M7/021': {
      const deficit = DEFICIT.exec(message);
      return new BusinessRuleError(
        'INSUFFICIENT_STOCK',
        deficit ? `Not enough stock of ${deficit[2]} at ${deficit[3]}: ${deficit[1]} short.` : 'Not enough stock for every item.',
      );
    }
    case 'M3/305': {
      const sku = /material (\S+)/.exec(message)?.[1];
      return new BusinessRuleError('UNKNOWN_SKU', sku ? `Item ${sku} is not stocked.` : 'An item is not stocked.');
    }
    default:
      return new Error(`the ERP refused a write: ${error?.code ?? 'no OData error'} ${message}`);
  }
}

/** The store and business day an end-of-day document books, or null for any other document. */
export function endOfDayPostingOf(referenceDocument: string): EndOfDayPosting | null {
  const match = END_OF_DAY_REFERENCE.exec(referenceDocument);
  return match ? { retailStoreId: match[1], businessDay: `${match[2]}-${match[3]}-${match[4]}` } : null;
}

/** Storage location 0001: the sales floor of a store, the main area of a warehouse. */
const DEFAULT_STORAGE_LOCATION = '0001';
/** The cookie SAP names after system OMG, client 100; the CSRF token is only good with it. */
const SESSION_COOKIE = 'SAP_SESSIONID_OMG_100';
const RESERVATIONS = 'API_RESERVATION_DOCUMENT_SRV';
const MATERIAL_DOCUMENTS = 'API_MATERIAL_DOCUMENT_SRV';
/** Statuses every write reads itself: business refusals (400) and an expired token (403). */
const WRITE_REFUSALS = [400, 403];

interface CsrfSession {
  token: string;
  cookie: string;
}

export class WarehouseClient {
  private session: Promise<CsrfSession> | null = null;

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
   * The newest end-of-day postings of these stores, newest first: in one read, about `perStore`
   * documents a store, which covers the last week of stores that trade every day. A store whose
   * booking is further behind has none among those, and its newest is asked for alone (one more
   * read per such store), so every store that has a posting gets its own.
   */
  async recentEndOfDayPostings(retailStoreIds: readonly string[], perStore = 7): Promise<EndOfDayPosting[]> {
    const newest = (stores: readonly string[], top: number) => {
      const prefixes = stores.flatMap((store) => END_OF_DAY_PREFIXES.map((prefix) => `${prefix}-${store}-`));
      return this.collectionOfAny('API_MATERIAL_DOCUMENT_SRV', 'A_MaterialDocumentHeader', prefixes, (p) => `startswith(ReferenceDocument,${odataText(p)})`, {
        $select: 'ReferenceDocument',
        $orderby: 'PostingDate desc',
        $top: top,
      });
    };
    const postingsOf = (rows: Entity[]) => rows.map((row) => endOfDayPostingOf(text(row.ReferenceDocument))).filter((posting): posting is EndOfDayPosting => posting !== null);
    if (retailStoreIds.length === 0) return [];
    const postings = postingsOf(await newest(retailStoreIds, perStore * retailStoreIds.length));
    const found = new Set(postings.map((posting) => posting.retailStoreId));
    const behind = retailStoreIds.filter((store) => !found.has(store));
    const ofBehind = await Promise.all(behind.map(async (store) => postingsOf(await newest([store], 1))));
    return [...postings, ...ofBehind.flat()];
  }

  /** One reservation for all items; the ERP refuses the whole of it if one item lacks free stock (INSUFFICIENT_STOCK). Answers its number. */
  async createReservation(recipient: string, items: NewReservationItem[]): Promise<string> {
    return (await this.createReservationDocument(recipient, items)).reservation;
  }

  /** The same, answered as the ERP created it: with its items and their numbers, so a later write to them needs no read first. */
  async createReservationDocument(recipient: string, items: NewReservationItem[]): Promise<ReservationState> {
    const { data } = await this.write<{ d: Entity }>({
      method: 'POST',
      url: `/${RESERVATIONS}/A_ReservationDocumentHeader`,
      data: {
        GoodsRecipientName: recipient,
        to_ReservationDocumentItem: items.map((item) => ({
          Material: item.material,
          Plant: item.plant,
          StorageLocation: item.storageLocation ?? DEFAULT_STORAGE_LOCATION,
          ResvnItmRequiredQtyInBaseUnit: String(item.quantity),
        })),
      },
    });
    // A deep insert answers the header with its items inline.
    const created = reservationOf(data.d);
    if (created.items.length !== items.length) throw new Error('the ERP answered a new reservation without its items');
    return created;
  }

  /** Every reservation made out to this recipient (the web order number), with its items. */
  async reservationsOfRecipient(recipient: string): Promise<ReservationState[]> {
    // The recipient is on the header as created and on the items once relabelled (headers cannot be patched).
    const byRecipient = { $filter: `GoodsRecipientName eq ${odataText(recipient)}`, $select: 'Reservation' };
    const [headers, items] = await Promise.all([
      this.collection(RESERVATIONS, 'A_ReservationDocumentHeader', byRecipient),
      this.collection(RESERVATIONS, 'A_ReservationDocumentItem', byRecipient),
    ]);
    const numbers = [...new Set([...headers, ...items].map((row) => text(row.Reservation)))];
    if (numbers.length === 0) return [];
    const rows = await this.collectionOfAny(RESERVATIONS, 'A_ReservationDocumentHeader', numbers, (n) => `Reservation eq ${odataText(n)}`, {
      $orderby: 'Reservation',
      $expand: 'to_ReservationDocumentItem',
    });
    return rows.map(reservationOf);
  }

  /**
   * Marks every open item for deletion: the document stays (for audit and for the order's history)
   * and the stock is free again. An unknown reservation, or items already released or issued, are fine.
   */
  async releaseReservation(reservation: string): Promise<void> {
    for (const item of (await this.itemsOfReservation(reservation)).filter(isOpen)) {
      await this.patchItem(reservation, item.item, { ReservationItmIsMarkedForDeltn: true });
    }
  }

  /**
   * Writes the recipient (the web order number) on every item: `items` by number when the caller
   * has them (from the create), else as read. The header's GoodsRecipientName cannot be changed
   * through this API (PATCH of a header is 405), so the header keeps the one it was created with;
   * `reservationsOfRecipient` still finds it by that one.
   */
  async setReservationRecipient(reservation: string, recipient: string, items?: readonly string[]): Promise<void> {
    for (const item of items ?? (await this.itemsOfReservation(reservation)).map((read) => read.item)) {
      await this.patchItem(reservation, item, { GoodsRecipientName: recipient });
    }
  }

  /** Material documents by ReferenceDocument. SAP does not de-duplicate postings: look here before posting. */
  async materialDocumentsByReference(reference: string): Promise<MaterialDocumentKey[]> {
    const rows = await this.collection(MATERIAL_DOCUMENTS, 'A_MaterialDocumentHeader', {
      $filter: `ReferenceDocument eq ${odataText(reference)}`,
      $select: 'MaterialDocument,MaterialDocumentYear',
    });
    return rows.map((row) => ({ materialDocument: text(row.MaterialDocument), year: text(row.MaterialDocumentYear) }));
  }

  /** Posts one material document; a deficit on any line refuses all of it (INSUFFICIENT_STOCK). Never retried: check by reference first. */
  async postGoodsMovement(doc: GoodsMovement): Promise<MaterialDocumentKey> {
    const { data } = await this.write<{ d: Entity }>({
      method: 'POST',
      url: `/${MATERIAL_DOCUMENTS}/A_MaterialDocumentHeader`,
      data: {
        MaterialDocumentHeaderText: doc.headerText,
        ReferenceDocument: doc.reference,
        to_MaterialDocumentItem: doc.items.map((item) => ({
          Material: item.material,
          Plant: item.plant,
          // Against a reservation the ERP takes the storage location from the reservation item.
          ...(item.storageLocation !== undefined || item.reservation === undefined ? { StorageLocation: item.storageLocation ?? DEFAULT_STORAGE_LOCATION } : {}),
          GoodsMovementType: item.movementType,
          ...(item.stockType ? { InventoryStockType: item.stockType } : {}),
          QuantityInEntryUnit: String(item.quantity),
          ...(item.reservation !== undefined ? { Reservation: item.reservation, ReservationItem: item.reservationItem ?? '' } : {}),
          ...(item.receivingPlant !== undefined ? { IssuingOrReceivingPlant: item.receivingPlant } : {}),
        })),
      },
    });
    return { materialDocument: text(data.d.MaterialDocument), year: text(data.d.MaterialDocumentYear) };
  }

  private async itemsOfReservation(reservation: string): Promise<ReservationItemState[]> {
    const rows = await this.collection(RESERVATIONS, 'A_ReservationDocumentItem', {
      $filter: `Reservation eq ${odataText(reservation)}`,
      $orderby: 'ReservationItem',
    });
    return rows.map(reservationItemOf);
  }

  /** An item deleted meanwhile (404) has nothing left to change. */
  private async patchItem(reservation: string, item: string, changes: Entity): Promise<void> {
    await this.write({
      method: 'PATCH',
      url: path`/${RESERVATIONS}/A_ReservationDocumentItem(Reservation='${reservation}',ReservationItem='${item}')`,
      data: changes,
    }, [404]);
  }

  /**
   * A write with the session's CSRF token and cookie. A token expires (30 min) or dies with its
   * session: on 403 `x-csrf-token: Required` fetch a new one and send the write again, once (it
   * was refused before the ERP looked at it, so nothing was written). A 400 is thrown as its
   * refusal; `answered` are further statuses the caller reads itself.
   */
  private async write<T>(config: AxiosRequestConfig, answered: readonly number[] = []): Promise<AxiosResponse<T>> {
    for (let attempt = 1; ; attempt++) {
      const session = this.csrf();
      const { token, cookie } = await session;
      const response = await this.http.write<T>({
        ...config,
        headers: { 'x-csrf-token': token, Cookie: `${SESSION_COOKIE}=${cookie}` },
        validateStatus: (status) => (status >= 200 && status < 300) || WRITE_REFUSALS.includes(status) || answered.includes(status),
      });
      if (response.status === 400) throw refusalOf(response.data as ODataErrorAnswer);
      if (response.status !== 403) return response;
      if (String(response.headers['x-csrf-token']).toLowerCase() !== 'required') throw new Error('the ERP refused a write with 403');
      if (this.session === session) this.session = null;
      if (attempt === 2) throw new Error('the ERP refused a freshly fetched CSRF token');
    }
  }

  /** The session's token, fetched once with `x-csrf-token: fetch` on a cheap GET and kept until refused. */
  private csrf(): Promise<CsrfSession> {
    if (!this.session) {
      this.session = this.http.read<unknown>({ method: 'GET', url: `/${RESERVATIONS}/`, headers: { 'x-csrf-token': 'fetch' } }).then((response) => {
        const token = response.headers['x-csrf-token'];
        const cookies: unknown = response.headers['set-cookie'];
        const cookie = (Array.isArray(cookies) ? cookies : [])
          .map((line: string) => new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line)?.[1])
          .find((value): value is string => value !== undefined);
        if (typeof token !== 'string' || token === '' || cookie === undefined) throw new Error('the ERP gave no CSRF token and session cookie');
        return { token, cookie };
      });
      // A failed fetch is tried again on the next write rather than remembered.
      this.session.catch(() => (this.session = null));
    }
    return this.session;
  }
}
