import type {
  EndOfDayPosting,
  GoodsMovement,
  MaterialDocumentKey,
  NewReservationItem,
  Plant,
  ReservationHold,
  ReservationItemState,
  ReservationState,
  StockMovement,
  StockRow,
} from './records';
import { decimal, expanded, pieces, text, textOrNull, type Entity } from './wire';

/** ERP entities as retail records, and the records the connector writes as ERP entities. */

/** The POS end-of-day interface's reference: EOD-101-20261119 (seeded) or POS-101-20261120 (Omnigraph's job). */
const END_OF_DAY_REFERENCE = /^(?:EOD|POS)-(\d{1,10})-(\d{4})(\d{2})(\d{2})$/;
export const END_OF_DAY_PREFIXES = ['EOD', 'POS'] as const;

/** Storage location 0001: the sales floor of a store, the main area of a warehouse. */
const DEFAULT_STORAGE_LOCATION = '0001';

// ---- Entities → records -----------------------------------------------------------------------

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

export function stockRowOf(entity: Entity): StockRow {
  return {
    material: text(entity.Material),
    plant: text(entity.Plant),
    storageLocation: text(entity.StorageLocation),
    stockType: text(entity.InventoryStockType),
    quantity: pieces(entity.MatlWrhsStkQtyInMatlBaseUnit),
  };
}

/** What a reservation item still holds; the ERP never holds less than nothing. */
export function holdOf(entity: Entity): ReservationHold {
  const held = pieces(entity.ResvnItmRequiredQtyInBaseUnit) - pieces(entity.ResvnItmWithdrawnQtyInBaseUnit);
  return { material: text(entity.Material), plant: text(entity.Plant), quantity: Math.max(0, held) };
}

export function reservationItemOf(entity: Entity): ReservationItemState {
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

export function reservationOf(entity: Entity): ReservationState {
  return {
    reservation: text(entity.Reservation),
    recipient: text(entity.GoodsRecipientName),
    items: expanded(entity.to_ReservationDocumentItem).map(reservationItemOf),
  };
}

export function stockMovementOf(entity: Entity): StockMovement {
  return {
    sku: text(entity.Material),
    plant: text(entity.Plant),
    mark: {
      year: text(entity.MaterialDocumentYear),
      materialDocument: text(entity.MaterialDocument),
      item: text(entity.MaterialDocumentItem),
    },
  };
}

export function materialDocumentKeyOf(entity: Entity): MaterialDocumentKey {
  return { materialDocument: text(entity.MaterialDocument), year: text(entity.MaterialDocumentYear) };
}

/** The store and business day an end-of-day document books, or null for any other document. */
export function endOfDayPostingOf(referenceDocument: string): EndOfDayPosting | null {
  const match = END_OF_DAY_REFERENCE.exec(referenceDocument);
  return match ? { retailStoreId: match[1], businessDay: `${match[2]}-${match[3]}-${match[4]}` } : null;
}

// ---- Records → entities -----------------------------------------------------------------------

/** A reservation header with its items, for one deep insert. */
export function newReservationEntity(recipient: string, items: NewReservationItem[]): Entity {
  return {
    GoodsRecipientName: recipient,
    to_ReservationDocumentItem: items.map((item) => ({
      Material: item.material,
      Plant: item.plant,
      StorageLocation: item.storageLocation ?? DEFAULT_STORAGE_LOCATION,
      ResvnItmRequiredQtyInBaseUnit: String(item.quantity),
    })),
  };
}

/** A material document header with its items, for one deep insert. */
export function goodsMovementEntity(doc: GoodsMovement): Entity {
  return {
    MaterialDocumentHeaderText: doc.headerText,
    ReferenceDocument: doc.reference,
    to_MaterialDocumentItem: doc.items.map((item) => ({
      Material: item.material,
      Plant: item.plant,
      // Against a reservation the ERP takes the storage location from the reservation item.
      ...(item.storageLocation !== undefined || item.reservation === undefined
        ? { StorageLocation: item.storageLocation ?? DEFAULT_STORAGE_LOCATION }
        : {}),
      GoodsMovementType: item.movementType,
      ...(item.stockType ? { InventoryStockType: item.stockType } : {}),
      QuantityInEntryUnit: String(item.quantity),
      ...(item.reservation !== undefined ? { Reservation: item.reservation, ReservationItem: item.reservationItem ?? '' } : {}),
      ...(item.receivingPlant !== undefined ? { IssuingOrReceivingPlant: item.receivingPlant } : {}),
    })),
  };
}
