/** What the warehouse connector speaks: the ERP's plants, stock, reservations and postings as retail records. */

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

/** A material document item's place in the ERP's numbering (year, document, item): where a follower of the movements is. */
export interface MovementMark {
  year: string;
  materialDocument: string;
  item: string;
}

/** One item of a goods movement posted in the ERP: the stock of this SKU at this plant moved. */
export interface StockMovement {
  sku: string;
  plant: string;
  /** The item's place, which names the change. */
  mark: MovementMark;
}
