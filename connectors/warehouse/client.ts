import { LegacyHttp, legacyHttpOptionsFromEnv, path } from '../../lib/http';
import {
  END_OF_DAY_PREFIXES,
  endOfDayPostingOf,
  goodsMovementEntity,
  holdOf,
  materialDocumentKeyOf,
  newReservationEntity,
  plantOf,
  reservationItemOf,
  reservationOf,
  stockMovementOf,
  stockRowOf,
} from './mapping';
import { anyOfFilters, ODATA_ROOT, ODataTransport, odataText, type CollectionQuery } from './odata';
import type {
  EndOfDayPosting,
  GoodsMovement,
  MaterialDocumentKey,
  MovementMark,
  NewReservationItem,
  Plant,
  ReservationHold,
  ReservationItemState,
  ReservationState,
  StockMovement,
  StockRow,
} from './records';
import { text, type Entity } from './wire';

/**
 * The one client for the ERP (SAP S/4HANA OData V2 behind a Web Dispatcher): the calls the graph
 * makes, each answering retail records. Its quirks stop in this folder: the `{"d": ...}` envelope
 * and `__metadata`, decimal strings for quantities and coordinates, server paging with an absolute
 * `__next` link, NUMC-padded keys, the 16 KB request-line ceiling, stock that is a set of rows (a
 * missing row means zero), and writes behind a CSRF token bound to a session cookie, refused with
 * T100 messages (M7/021 deficits) we turn into retail codes.
 */

/** SAP's MATNR is 40 characters: a longer SKU cannot be a material, so it is never asked for. */
const MAX_MATERIAL_LENGTH = 40;

const RESERVATIONS = 'API_RESERVATION_DOCUMENT_SRV';
const MATERIAL_DOCUMENTS = 'API_MATERIAL_DOCUMENT_SRV';

const isOpen = (item: ReservationItemState) => !item.deleted && !item.finallyIssued;

export class WarehouseClient {
  private readonly odata: ODataTransport;

  constructor(http: LegacyHttp) {
    // The CSRF token is fetched on the reservation service's document: a cheap GET.
    this.odata = new ODataTransport(http, RESERVATIONS);
  }

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

  /** Every row of a collection, every server page followed. */
  collection(service: string, entitySet: string, query: CollectionQuery): Promise<Entity[]> {
    return this.odata.collection(service, entitySet, query);
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
    const pages = await Promise.all(
      chunks.map((filter) => this.collection(service, entitySet, { ...rest, $filter: and ? `${filter} and ${and}` : filter })),
    );
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
    const rows = await this.collectionOfAny(
      'API_RESERVATION_DOCUMENT_SRV',
      'A_ReservationDocumentItem',
      asked,
      (m) => `Material eq ${odataText(m)}`,
      {
        and: 'ReservationItmIsMarkedForDeltn eq false and ReservationItemIsFinallyIssued eq false',
        $select: 'Material,Plant,ResvnItmRequiredQtyInBaseUnit,ResvnItmWithdrawnQtyInBaseUnit',
      },
    );
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
      return this.collectionOfAny(
        'API_MATERIAL_DOCUMENT_SRV',
        'A_MaterialDocumentHeader',
        prefixes,
        (p) => `startswith(ReferenceDocument,${odataText(p)})`,
        {
          $select: 'ReferenceDocument',
          $orderby: 'PostingDate desc',
          $top: top,
        },
      );
    };
    const postingsOf = (rows: Entity[]) =>
      rows.map((row) => endOfDayPostingOf(text(row.ReferenceDocument))).filter((posting): posting is EndOfDayPosting => posting !== null);
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
    const { data } = await this.odata.write<{ d: Entity }>({
      method: 'POST',
      url: `/${RESERVATIONS}/A_ReservationDocumentHeader`,
      data: newReservationEntity(recipient, items),
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
    return rows.map(materialDocumentKeyOf);
  }

  /**
   * The goods movements posted after `after`, oldest first, at most `limit` items: material document
   * items in the ERP's numbering (year, document, item), whoever posted them (the ERP's own users, an
   * interface, Omnigraph). With `after` null, none: the newest item's place, where following begins.
   */
  async movementsAfter(after: MovementMark | null, limit = 500): Promise<{ movements: StockMovement[]; mark: MovementMark | null }> {
    const $select = 'MaterialDocumentYear,MaterialDocument,MaterialDocumentItem,Material,Plant';
    if (after === null) {
      const [newest] = await this.collection(MATERIAL_DOCUMENTS, 'A_MaterialDocumentItem', {
        $select,
        $orderby: 'MaterialDocumentYear desc,MaterialDocument desc,MaterialDocumentItem desc',
        $top: 1,
      });
      return { movements: [], mark: newest ? stockMovementOf(newest).mark : null };
    }
    const [year, document, item] = [odataText(after.year), odataText(after.materialDocument), odataText(after.item)];
    const rows = await this.collection(MATERIAL_DOCUMENTS, 'A_MaterialDocumentItem', {
      $filter:
        `MaterialDocumentYear gt ${year} or (MaterialDocumentYear eq ${year} and MaterialDocument gt ${document}) or ` +
        `(MaterialDocumentYear eq ${year} and MaterialDocument eq ${document} and MaterialDocumentItem gt ${item})`,
      $select,
      $orderby: 'MaterialDocumentYear,MaterialDocument,MaterialDocumentItem',
      $top: limit,
    });
    const movements = rows.map(stockMovementOf);
    return { movements, mark: movements.at(-1)?.mark ?? after };
  }

  /** Posts one material document; a deficit on any line refuses all of it (INSUFFICIENT_STOCK). Never retried: check by reference first. */
  async postGoodsMovement(doc: GoodsMovement): Promise<MaterialDocumentKey> {
    const { data } = await this.odata.write<{ d: Entity }>({
      method: 'POST',
      url: `/${MATERIAL_DOCUMENTS}/A_MaterialDocumentHeader`,
      data: goodsMovementEntity(doc),
    });
    return materialDocumentKeyOf(data.d);
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
    await this.odata.write(
      {
        method: 'PATCH',
        url: path`/${RESERVATIONS}/A_ReservationDocumentItem(Reservation='${reservation}',ReservationItem='${item}')`,
        data: changes,
      },
      [404],
    );
  }
}
