import { RESERVATION_HEADER, RESERVATION_ITEM } from './catalog';
import { deficit, Inventory, pieces } from './inventory';
import { deepItems, Payload, requireFields, textField, writableFields } from './odata/body';
import { businessError, notFound } from './odata/errors';
import { padNumc, propertyOf } from './odata/model';
import { calendarDay, parseBoolean, parseDate, parseString } from './odata/values';

/** Reservations hold unrestricted stock for a web order until it is issued (261) or released. */

const ITEMS = 'to_ReservationDocumentItem';
/** Web orders are issued to the customer with 261, the only movement type reservations take here. */
const RESERVATION_MOVEMENT = '261';

interface ItemRow {
  reservation: string;
  item: string;
  material: string;
  plant: string;
  storage_location: string;
  required_qty: number;
  withdrawn_qty: number;
  marked_for_deletion: number;
  finally_issued: number;
}

function movementType(value: unknown): string {
  const type = textField(RESERVATION_HEADER, 'GoodsMovementType', value, RESERVATION_MOVEMENT);
  if (type !== RESERVATION_MOVEMENT)
    throw businessError(`Movement type ${type} is not allowed for reservations (use ${RESERVATION_MOVEMENT})`);
  return type;
}

/** Quantity an item still holds: nothing once it is released or finally issued. */
function holds(item: Pick<ItemRow, 'required_qty' | 'withdrawn_qty' | 'marked_for_deletion' | 'finally_issued'>): number {
  return item.marked_for_deletion || item.finally_issued ? 0 : Math.max(item.required_qty - item.withdrawn_qty, 0);
}

/** Deep insert of a header with its items; refuses the whole reservation if one item lacks stock. */
export function createReservation(inventory: Inventory, body: Payload, now: Date): string {
  const header = writableFields(RESERVATION_HEADER, body, ['ReservationDate', 'GoodsMovementType', 'GoodsRecipientName'], ITEMS);
  const items = deepItems(body, ITEMS).map((item) =>
    writableFields(RESERVATION_ITEM, item, [
      'Material',
      'Plant',
      'StorageLocation',
      'ResvnItmRequiredQtyInBaseUnit',
      'BaseUnit',
      'MatlCompRequirementDate',
      'GoodsMovementType',
      'GoodsRecipientName',
    ]),
  );
  const reservationDate = header.ReservationDate === undefined ? calendarDay(now) : parseDate('ReservationDate', header.ReservationDate);
  const type = movementType(header.GoodsMovementType);
  const recipient = textField(RESERVATION_HEADER, 'GoodsRecipientName', header.GoodsRecipientName, '');

  return inventory.atomically(() => {
    const last = inventory.get<{ last: string | null }>('SELECT MAX(reservation) AS last FROM reservation')!.last;
    const reservation = String(Number(last ?? 0) + 1).padStart(10, '0');
    inventory.run(
      'INSERT INTO reservation (reservation, reservation_date, movement_type, goods_recipient) VALUES (?, ?, ?, ?)',
      reservation,
      reservationDate,
      type,
      recipient,
    );
    items.forEach((item, index) => {
      requireFields(item, ['Material', 'Plant', 'StorageLocation', 'ResvnItmRequiredQtyInBaseUnit']);
      const material = textField(RESERVATION_ITEM, 'Material', item.Material, '');
      const plant = textField(RESERVATION_ITEM, 'Plant', item.Plant, '');
      const storageLocation = textField(RESERVATION_ITEM, 'StorageLocation', item.StorageLocation, '');
      if (item.BaseUnit !== undefined && item.BaseUnit !== 'PC')
        throw businessError(`Unit ${String(item.BaseUnit)} is not the base unit PC of material ${material}`);
      inventory.checkMaterial(material);
      inventory.checkStorageLocation(plant, storageLocation);
      const quantity = pieces('ResvnItmRequiredQtyInBaseUnit', item.ResvnItmRequiredQtyInBaseUnit);
      // Earlier items of this reservation are already written, so they count against the stock too.
      const free = inventory.available(material, plant, storageLocation);
      if (quantity > free) throw deficit(quantity - Math.max(free, 0), material, plant, storageLocation);
      inventory.run(
        `INSERT INTO reservation_item (reservation, item, material, plant, storage_location, required_qty, requirement_date, movement_type, goods_recipient)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        reservation,
        String(index + 1).padStart(4, '0'),
        material,
        plant,
        storageLocation,
        quantity,
        item.MatlCompRequirementDate === undefined ? reservationDate : parseDate('MatlCompRequirementDate', item.MatlCompRequirementDate),
        item.GoodsMovementType === undefined ? type : movementType(item.GoodsMovementType),
        textField(RESERVATION_ITEM, 'GoodsRecipientName', item.GoodsRecipientName, recipient),
      );
    });
    return reservation;
  });
}

function itemRow(inventory: Inventory, reservation: string, item: string): ItemRow | undefined {
  return inventory.get<ItemRow>(
    'SELECT * FROM reservation_item WHERE reservation = ? AND item = ?',
    padNumc(propertyOf(RESERVATION_ITEM, 'Reservation')!, reservation),
    padNumc(propertyOf(RESERVATION_ITEM, 'ReservationItem')!, item),
  );
}

/**
 * PATCH of an item. Marking it for deletion releases what it holds; raising the quantity or
 * taking the mark back must find the stock free, as on create.
 */
export function updateReservationItem(inventory: Inventory, key: Record<string, string>, body: Payload): void {
  const fields = writableFields(RESERVATION_ITEM, body, [
    'ReservationItmIsMarkedForDeltn',
    'ReservationItemIsFinallyIssued',
    'ResvnItmRequiredQtyInBaseUnit',
    'MatlCompRequirementDate',
    'GoodsRecipientName',
  ]);
  inventory.atomically(() => {
    const before = itemRow(inventory, key.Reservation, key.ReservationItem);
    if (!before) throw notFound(RESERVATION_ITEM.entityType);
    const after: ItemRow = {
      ...before,
      marked_for_deletion:
        fields.ReservationItmIsMarkedForDeltn === undefined
          ? before.marked_for_deletion
          : Number(parseBoolean('ReservationItmIsMarkedForDeltn', fields.ReservationItmIsMarkedForDeltn)),
      finally_issued:
        fields.ReservationItemIsFinallyIssued === undefined
          ? before.finally_issued
          : Number(parseBoolean('ReservationItemIsFinallyIssued', fields.ReservationItemIsFinallyIssued)),
      required_qty:
        fields.ResvnItmRequiredQtyInBaseUnit === undefined
          ? before.required_qty
          : pieces('ResvnItmRequiredQtyInBaseUnit', fields.ResvnItmRequiredQtyInBaseUnit),
    };
    const extra = holds(after) - holds(before);
    if (extra > 0) {
      const free = inventory.available(before.material, before.plant, before.storage_location);
      if (extra > free) throw deficit(extra - Math.max(free, 0), before.material, before.plant, before.storage_location);
    }
    inventory.run(
      `UPDATE reservation_item SET marked_for_deletion = ?, finally_issued = ?, required_qty = ?,
         requirement_date = COALESCE(?, requirement_date), goods_recipient = COALESCE(?, goods_recipient)
       WHERE reservation = ? AND item = ?`,
      after.marked_for_deletion,
      after.finally_issued,
      after.required_qty,
      fields.MatlCompRequirementDate === undefined ? null : parseDate('MatlCompRequirementDate', fields.MatlCompRequirementDate),
      fields.GoodsRecipientName === undefined
        ? null
        : parseString(propertyOf(RESERVATION_ITEM, 'GoodsRecipientName')!, fields.GoodsRecipientName),
      before.reservation,
      before.item,
    );
  });
}

/** DELETE of a header takes its items with it and so frees what they held. */
export function deleteReservation(inventory: Inventory, key: Record<string, string>): void {
  const reservation = padNumc(propertyOf(RESERVATION_HEADER, 'Reservation')!, key.Reservation);
  inventory.atomically(() => {
    if (!inventory.get('SELECT 1 FROM reservation WHERE reservation = ?', reservation)) throw notFound(RESERVATION_HEADER.entityType);
    inventory.run('DELETE FROM reservation WHERE reservation = ?', reservation);
  });
}

/** The reservation item a 261 goods issue names, refused if it can no longer be issued against. */
export function reservationItem(inventory: Inventory, reservation: string, item: string): ItemRow {
  const row = itemRow(inventory, reservation, item);
  if (!row) throw businessError(`Reservation ${reservation} item ${item} does not exist`);
  if (row.marked_for_deletion) throw businessError(`Reservation item ${row.reservation} ${row.item} is marked for deletion`);
  if (row.finally_issued) throw businessError(`Reservation item ${row.reservation} ${row.item} has already been finally issued`);
  return row;
}

/** Withdrawal by a 261 goods issue: the item is finally issued once all it asked for has gone. */
export function withdraw(inventory: Inventory, reservation: string, item: string, quantity: number): void {
  const row = reservationItem(inventory, reservation, item);
  const withdrawn = row.withdrawn_qty + quantity;
  inventory.run(
    'UPDATE reservation_item SET withdrawn_qty = ?, finally_issued = ? WHERE reservation = ? AND item = ?',
    withdrawn,
    withdrawn >= row.required_qty ? 1 : 0,
    row.reservation,
    row.item,
  );
}
