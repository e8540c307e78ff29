import { MATERIAL_DOCUMENT_HEADER, MATERIAL_DOCUMENT_ITEM } from './catalog';
import { BLOCKED, Inventory, pieces, StockBucket, StockType, UNRESTRICTED } from './inventory';
import { deepItems, Payload, requireFields, textField, writableFields } from './odata/body';
import { businessError } from './odata/errors';
import { reservationItem, withdraw } from './reservations';
import { FIRST_MATERIAL_DOCUMENT } from './store';
import { calendarDay, parseDate } from './odata/values';

/**
 * Material documents: goods movements, the only way stock changes. SAP does not de-duplicate:
 * posting the same batch twice counts it twice, so a posting job must look before it posts.
 */

const ITEMS = 'to_MaterialDocumentItem';

/** One line of a goods movement, with defaults and checks applied. */
interface Line {
  movementType: string;
  material: string;
  plant: string;
  storageLocation: string;
  stockType: StockType;
  quantity: number;
  counterPlant: string;
  counterStorageLocation: string;
  reservation: string;
  reservationItem: string;
  text: string;
}

interface Posting {
  bucket: StockBucket;
  delta: number;
}

interface MovementRule {
  /** GoodsMovementCode of the documents it may appear in: 03 goods issue, 04 transfer, 05 other receipt. */
  code: '03' | '04' | '05';
  /** H (credit) takes stock out at the line's plant, S (debit) puts it in. */
  debitCredit: 'S' | 'H';
  receipt: boolean;
  postings(line: Line): Posting[];
}

const bucket = (line: Line, plant: string, storageLocation: string, stockType: StockType): StockBucket => ({
  material: line.material,
  plant,
  storageLocation,
  stockType,
});
const take = (line: Line): Posting => ({ bucket: bucket(line, line.plant, line.storageLocation, UNRESTRICTED), delta: -line.quantity });
const put = (line: Line, plant: string, storageLocation: string, stockType: StockType): Posting => ({
  bucket: bucket(line, plant, storageLocation, stockType),
  delta: line.quantity,
});
const transfer = (line: Line): Posting[] => [take(line), put(line, line.counterPlant, line.counterStorageLocation, UNRESTRICTED)];

const RULES: Record<string, MovementRule> = {
  // Goods issue for a store sale, and its reversal / a customer return.
  '251': { code: '03', debitCredit: 'H', receipt: false, postings: (line) => [take(line)] },
  '252': { code: '03', debitCredit: 'S', receipt: true, postings: (line) => [put(line, line.plant, line.storageLocation, line.stockType)] },
  // Goods issue against a reservation (a web order leaving the plant).
  '261': { code: '03', debitCredit: 'H', receipt: false, postings: (line) => [take(line)] },
  // Plant to plant, and storage location to storage location in one plant.
  '301': { code: '04', debitCredit: 'H', receipt: false, postings: transfer },
  '311': { code: '04', debitCredit: 'H', receipt: false, postings: transfer },
  // Unrestricted to blocked: found damaged.
  '344': {
    code: '04',
    debitCredit: 'H',
    receipt: false,
    postings: (line) => [take(line), put(line, line.plant, line.storageLocation, BLOCKED)],
  },
  // Receipt without purchase order.
  '501': { code: '05', debitCredit: 'S', receipt: true, postings: (line) => [put(line, line.plant, line.storageLocation, line.stockType)] },
};

const ITEM_FIELDS = [
  'Material',
  'Plant',
  'StorageLocation',
  'GoodsMovementType',
  'QuantityInEntryUnit',
  'QuantityInBaseUnit',
  'EntryUnit',
  'InventoryStockType',
  'IssuingOrReceivingPlant',
  'IssuingOrReceivingStorageLoc',
  'Reservation',
  'ReservationItem',
  'MaterialDocumentItemText',
];

const field = (item: Payload, name: string, fallback = '') => textField(MATERIAL_DOCUMENT_ITEM, name, item[name], fallback);

function ruleOf(type: string): MovementRule {
  const rule = RULES[type];
  if (!rule) throw businessError(`Movement type ${type} is not supported (supported: ${Object.keys(RULES).join(', ')})`);
  return rule;
}

function stockTypeOf(item: Payload, rule: MovementRule, type: string): StockType {
  const stockType = field(item, 'InventoryStockType', UNRESTRICTED);
  if (stockType === UNRESTRICTED || (rule.receipt && stockType === BLOCKED)) return stockType;
  throw businessError(`Stock type ${stockType} is not allowed with movement type ${type}`);
}

/** Where a transfer goes: 301 to another plant, 311 to another storage location of the same plant. */
function counterpart(
  item: Payload,
  type: string,
  plant: string,
  storageLocation: string,
): { counterPlant: string; counterStorageLocation: string } {
  if (type === '301') {
    requireFields(item, ['IssuingOrReceivingPlant']);
    const counterPlant = field(item, 'IssuingOrReceivingPlant');
    if (counterPlant === plant)
      throw businessError(`Movement type 301 moves stock between plants; receiving plant ${counterPlant} is the issuing plant`);
    return { counterPlant, counterStorageLocation: field(item, 'IssuingOrReceivingStorageLoc', storageLocation) };
  }
  if (type === '311') {
    requireFields(item, ['IssuingOrReceivingStorageLoc']);
    const counterStorageLocation = field(item, 'IssuingOrReceivingStorageLoc');
    if (field(item, 'IssuingOrReceivingPlant', plant) !== plant)
      throw businessError('Movement type 311 stays in one plant; use 301 between plants');
    if (counterStorageLocation === storageLocation)
      throw businessError(`Receiving storage location ${counterStorageLocation} is the issuing one`);
    return { counterPlant: plant, counterStorageLocation };
  }
  return { counterPlant: '', counterStorageLocation: '' };
}

function lineOf(inventory: Inventory, raw: Payload): Line {
  const item = writableFields(MATERIAL_DOCUMENT_ITEM, raw, ITEM_FIELDS);
  requireFields(item, ['GoodsMovementType']);
  const movementType = field(item, 'GoodsMovementType');
  const rule = ruleOf(movementType);
  let reservation = '';
  let reservationItemNumber = '';
  if (movementType === '261') {
    // An issue against a reservation takes material, plant and storage location from it.
    requireFields(item, ['Reservation', 'ReservationItem']);
    const reserved = reservationItem(inventory, field(item, 'Reservation'), field(item, 'ReservationItem'));
    for (const [name, value] of [
      ['Material', reserved.material],
      ['Plant', reserved.plant],
      ['StorageLocation', reserved.storage_location],
    ]) {
      if (item[name] !== undefined && item[name] !== value)
        throw businessError(
          `${name} ${String(item[name])} does not match reservation ${reserved.reservation} item ${reserved.item} (${value})`,
        );
      item[name] = value;
    }
    reservation = reserved.reservation;
    reservationItemNumber = reserved.item;
  }
  requireFields(item, ['Material', 'Plant', 'StorageLocation']);
  if (item.QuantityInEntryUnit === undefined && item.QuantityInBaseUnit === undefined) requireFields(item, ['QuantityInEntryUnit']);
  if (item.EntryUnit !== undefined && item.EntryUnit !== 'PC')
    throw businessError(`Unit ${String(item.EntryUnit)} is not the base unit PC`);
  const material = field(item, 'Material');
  const plant = field(item, 'Plant');
  const storageLocation = field(item, 'StorageLocation');
  inventory.checkMaterial(material);
  inventory.checkStorageLocation(plant, storageLocation);
  const { counterPlant, counterStorageLocation } = counterpart(item, movementType, plant, storageLocation);
  if (counterPlant !== '') inventory.checkStorageLocation(counterPlant, counterStorageLocation);
  return {
    movementType,
    material,
    plant,
    storageLocation,
    stockType: stockTypeOf(item, rule, movementType),
    quantity: pieces('QuantityInEntryUnit', item.QuantityInEntryUnit ?? item.QuantityInBaseUnit),
    counterPlant,
    counterStorageLocation,
    reservation,
    reservationItem: reservationItemNumber,
    text: field(item, 'MaterialDocumentItemText'),
  };
}

/** One document carries one kind of movement (GoodsMovementCode), as in MIGO / BAPI_GOODSMVT_CREATE. */
function movementCode(given: string | null, lines: Line[]): string {
  const code = given ?? RULES[lines[0].movementType].code;
  for (const line of lines) {
    if (RULES[line.movementType].code !== code)
      throw businessError(`Movement type ${line.movementType} is not allowed with goods movement code ${code}`);
  }
  return code;
}

export interface PostingContext {
  now: Date;
  user: string;
}

/** Posts a deep-inserted document: all lines or none; returns its key. */
export function postGoodsMovement(
  inventory: Inventory,
  body: Payload,
  context: PostingContext,
): { MaterialDocumentYear: string; MaterialDocument: string } {
  const header = writableFields(
    MATERIAL_DOCUMENT_HEADER,
    body,
    ['DocumentDate', 'PostingDate', 'MaterialDocumentHeaderText', 'ReferenceDocument', 'GoodsMovementCode'],
    ITEMS,
  );
  const items = deepItems(body, ITEMS);
  const today = calendarDay(context.now);
  const postingDate = header.PostingDate === undefined ? today : parseDate('PostingDate', header.PostingDate);
  const documentDate = header.DocumentDate === undefined ? today : parseDate('DocumentDate', header.DocumentDate);
  const headerField = (name: string) => textField(MATERIAL_DOCUMENT_HEADER, name, header[name], '');
  const year = String(new Date(postingDate).getUTCFullYear());

  return inventory.atomically(() => {
    const lines = items.map((item) => lineOf(inventory, item));
    const code = movementCode(header.GoodsMovementCode === undefined ? null : headerField('GoodsMovementCode'), lines);
    const last = inventory.get<{ last: string | null }>('SELECT MAX(document) AS last FROM material_document')!.last;
    const document = String(last === null ? FIRST_MATERIAL_DOCUMENT : Number(last) + 1);
    inventory.run(
      `INSERT INTO material_document (year, document, document_date, posting_date, header_text, reference_document, movement_code, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      year,
      document,
      documentDate,
      postingDate,
      headerField('MaterialDocumentHeaderText'),
      headerField('ReferenceDocument'),
      code,
      context.user,
      context.now.getTime(),
    );
    lines.forEach((line, index) => {
      if (line.reservation !== '') withdraw(inventory, line.reservation, line.reservationItem, line.quantity);
      for (const posting of RULES[line.movementType].postings(line)) inventory.post(posting.bucket, posting.delta);
      inventory.run(
        `INSERT INTO material_document_item (year, document, item, material, plant, storage_location, movement_type, stock_type, debit_credit, quantity,
           counter_plant, counter_storage_location, reservation, reservation_item, item_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        year,
        document,
        String(index + 1).padStart(4, '0'),
        line.material,
        line.plant,
        line.storageLocation,
        line.movementType,
        line.stockType,
        RULES[line.movementType].debitCredit,
        line.quantity,
        line.counterPlant,
        line.counterStorageLocation,
        line.reservation,
        line.reservationItem,
        line.text,
      );
    });
    return { MaterialDocumentYear: year, MaterialDocument: document };
  });
}
