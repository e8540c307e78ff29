import type { Db } from '../kit/db';
import type { ErpReservation, World } from '../seed/model';
import { calendarDay, SYSTEM_UTC_OFFSET_MS } from './odata/values';

/**
 * The ERP's own tables. Quantities are whole pieces (every material is kept in PC); dates are
 * SAP calendar days stored as midnight UTC in ms, instants as ms.
 */
export function createSchema(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS material (
      material TEXT PRIMARY KEY,
      description TEXT NOT NULL,
      base_unit TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS plant (
      plant TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      category TEXT NOT NULL,
      street TEXT NOT NULL,
      city TEXT NOT NULL,
      country TEXT NOT NULL,
      latitude REAL NOT NULL,
      longitude REAL NOT NULL
    ) WITHOUT ROWID;

    -- Storage locations every plant has: 0001 sales floor / main area, 0002 returns area.
    CREATE TABLE IF NOT EXISTS storage_location (
      plant TEXT NOT NULL REFERENCES plant (plant),
      storage_location TEXT NOT NULL,
      PRIMARY KEY (plant, storage_location)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS stock (
      material TEXT NOT NULL,
      plant TEXT NOT NULL,
      storage_location TEXT NOT NULL,
      stock_type TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity >= 0),
      PRIMARY KEY (material, plant, storage_location, stock_type)
    ) WITHOUT ROWID;
    -- "All stock of plant S101" and "these materials at S101" both start from the plant.
    CREATE INDEX IF NOT EXISTS stock_by_plant ON stock (plant, material);

    CREATE TABLE IF NOT EXISTS reservation (
      reservation TEXT PRIMARY KEY,
      reservation_date INTEGER NOT NULL,
      movement_type TEXT NOT NULL,
      goods_recipient TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS reservation_by_recipient ON reservation (goods_recipient);

    CREATE TABLE IF NOT EXISTS reservation_item (
      reservation TEXT NOT NULL REFERENCES reservation (reservation) ON DELETE CASCADE,
      item TEXT NOT NULL,
      material TEXT NOT NULL,
      plant TEXT NOT NULL,
      storage_location TEXT NOT NULL,
      required_qty INTEGER NOT NULL,
      withdrawn_qty INTEGER NOT NULL DEFAULT 0,
      requirement_date INTEGER NOT NULL,
      movement_type TEXT NOT NULL,
      goods_recipient TEXT NOT NULL,
      marked_for_deletion INTEGER NOT NULL DEFAULT 0,
      finally_issued INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (reservation, item)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS reservation_item_by_stock ON reservation_item (material, plant, storage_location);
    CREATE INDEX IF NOT EXISTS reservation_item_by_plant ON reservation_item (plant, material);
    CREATE INDEX IF NOT EXISTS reservation_item_by_recipient ON reservation_item (goods_recipient);

    CREATE TABLE IF NOT EXISTS material_document (
      year TEXT NOT NULL,
      document TEXT NOT NULL,
      document_date INTEGER NOT NULL,
      posting_date INTEGER NOT NULL,
      header_text TEXT NOT NULL,
      reference_document TEXT NOT NULL,
      movement_code TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (year, document)
    ) WITHOUT ROWID;
    -- A posting job asks "was this batch posted?" by reference or header text.
    CREATE INDEX IF NOT EXISTS material_document_by_reference ON material_document (reference_document);
    CREATE INDEX IF NOT EXISTS material_document_by_text ON material_document (header_text);
    CREATE INDEX IF NOT EXISTS material_document_by_number ON material_document (document);

    CREATE TABLE IF NOT EXISTS material_document_item (
      year TEXT NOT NULL,
      document TEXT NOT NULL,
      item TEXT NOT NULL,
      material TEXT NOT NULL,
      plant TEXT NOT NULL,
      storage_location TEXT NOT NULL,
      movement_type TEXT NOT NULL,
      stock_type TEXT NOT NULL,
      debit_credit TEXT NOT NULL,
      quantity INTEGER NOT NULL,
      counter_plant TEXT NOT NULL DEFAULT '',
      counter_storage_location TEXT NOT NULL DEFAULT '',
      reservation TEXT NOT NULL DEFAULT '',
      reservation_item TEXT NOT NULL DEFAULT '',
      item_text TEXT NOT NULL DEFAULT '',
      -- No foreign key to the header: documents are never deleted (SAP reverses them instead).
      PRIMARY KEY (year, document, item)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS material_document_item_by_material ON material_document_item (material, plant);
  `);
}

export const STORAGE_LOCATIONS = ['0001', '0002'] as const;
/** Internal number range of goods movements without reference, as in a standard client. */
export const FIRST_MATERIAL_DOCUMENT = 4_900_000_001;
/** The technical user the POS end-of-day interface posts with. */
const END_OF_DAY_USER = 'POS_EOD';

const pad = (value: number, length: number) => String(value).padStart(length, '0');
/** Binary order, as SQLite sorts text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How the POS end-of-day interface labels its postings: one document per store and business day. */
export function endOfDayLabels(retailStoreId: string, businessDay: string): { headerText: string; reference: string } {
  return { headerText: `POS EOD ${retailStoreId} ${businessDay}`, reference: `EOD-${retailStoreId}-${businessDay.replace(/-/g, '')}` };
}

interface DayBatch {
  retailStoreId: string;
  plant: string;
  businessDay: string;
  /** Per material: pieces sold (251) and taken back (252). */
  lines: Map<string, { sold: number; returned: number }>;
}

/**
 * Material documents older than this many days are archived (SAP archiving object MM_MATBEL):
 * the API shows the end-of-day postings of the last month only, the stock includes all of them.
 */
export const DOCUMENT_RETENTION_DAYS = 31;

/**
 * The posted POS days still on line, store by store: what the warehouse heard of the shop floor. A
 * late store's documents stop at its last booked day, which stays on line however old (archiving
 * keeps the newest document of a store's series).
 */
function postedBatches(world: World): DayBatch[] {
  const posted = new Set([...world.warehouse.postedDays].sort().slice(-DOCUMENT_RETENTION_DAYS));
  const late = new Map(Object.entries(world.warehouse.lateStores));
  const onLine = (retailStoreId: string, day: string) => {
    const lastBooked = late.get(retailStoreId);
    return lastBooked === undefined ? posted.has(day) : day === lastBooked || (posted.has(day) && day < lastBooked);
  };
  const plantOf = new Map(world.stores.map((s) => [s.retailStoreId, s.plant]));
  const batches = new Map<string, DayBatch>();
  for (const t of world.pos.transactions) {
    if (!onLine(t.retailStoreId, t.businessDay) || t.kind === 'PickupHandover') continue;
    const id = `${t.businessDay}|${t.retailStoreId.padStart(6, '0')}`;
    let batch = batches.get(id);
    if (!batch) {
      batch = { retailStoreId: t.retailStoreId, plant: plantOf.get(t.retailStoreId)!, businessDay: t.businessDay, lines: new Map() };
      batches.set(id, batch);
    }
    for (const line of t.lines) {
      const entry = batch.lines.get(line.sku) ?? { sold: 0, returned: 0 };
      if (t.kind === 'Sale') entry.sold += line.quantity;
      else entry.returned += line.quantity;
      batch.lines.set(line.sku, entry);
    }
  }
  return [...batches.entries()].sort(([a], [b]) => byText(a, b)).map(([, batch]) => batch);
}

/** Loads the warehouse's slice of a seeded world in one transaction. */
export function loadWorld(db: Db, world: World): void {
  const insertMaterial = db.prepare('INSERT INTO material (material, description, base_unit) VALUES (?, ?, ?)');
  const insertPlant = db.prepare(
    'INSERT INTO plant (plant, name, category, street, city, country, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertLocation = db.prepare('INSERT INTO storage_location (plant, storage_location) VALUES (?, ?)');
  const insertStock = db.prepare('INSERT INTO stock (material, plant, storage_location, stock_type, quantity) VALUES (?, ?, ?, ?, ?)');
  const insertReservation = db.prepare(
    'INSERT INTO reservation (reservation, reservation_date, movement_type, goods_recipient) VALUES (?, ?, ?, ?)',
  );
  const insertReservationItem = db.prepare(
    `INSERT INTO reservation_item (reservation, item, material, plant, storage_location, required_qty, requirement_date, movement_type, goods_recipient)
     VALUES (?, ?, ?, ?, ?, ?, ?, '261', ?)`,
  );
  const insertDocument = db.prepare(
    `INSERT INTO material_document (year, document, document_date, posting_date, header_text, reference_document, movement_code, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, '03', ?, ?)`,
  );
  const insertDocumentItem = db.prepare(
    `INSERT INTO material_document_item (year, document, item, material, plant, storage_location, movement_type, stock_type, debit_credit, quantity)
     VALUES (?, ?, ?, ?, ?, '0001', ?, '01', ?, ?)`,
  );

  db.transaction(() => {
    for (const product of world.products) insertMaterial.run(product.sku, product.name, 'PC');
    for (const plant of world.warehouse.plants) {
      insertPlant.run(
        plant.plant,
        plant.name,
        plant.kind === 'warehouse' ? 'DC' : 'STORE',
        plant.street,
        plant.city,
        'VN',
        plant.latitude,
        plant.longitude,
      );
      for (const location of STORAGE_LOCATIONS) insertLocation.run(plant.plant, location);
    }
    for (const row of world.warehouse.stock) insertStock.run(row.material, row.plant, row.storageLocation, row.stockType, row.quantity);

    const orderedAt = new Map(world.ecommerce.orders.map((o) => [o.incrementId, o.createdAt]));
    const byReservation = new Map<number, ErpReservation[]>();
    for (const r of world.warehouse.reservations) {
      const items = byReservation.get(r.reservation);
      if (items) items.push(r);
      else byReservation.set(r.reservation, [r]);
    }
    for (const [number, items] of byReservation) {
      const reservation = pad(number, 10);
      const reference = items[0].reference;
      insertReservation.run(reservation, calendarDay(orderedAt.get(reference) ?? items[0].requirementDate), '261', reference);
      items.forEach((r, index) =>
        insertReservationItem.run(
          reservation,
          pad(index + 1, 4),
          r.material,
          r.plant,
          r.storageLocation,
          r.quantity,
          calendarDay(r.requirementDate),
          reference,
        ),
      );
    }

    let document = FIRST_MATERIAL_DOCUMENT;
    for (const batch of postedBatches(world)) {
      const day = Date.parse(`${batch.businessDay}T00:00:00Z`);
      const year = batch.businessDay.slice(0, 4);
      const number = String(document++);
      const { headerText, reference } = endOfDayLabels(batch.retailStoreId, batch.businessDay);
      // The interface runs at 23:00 store time on the business day.
      insertDocument.run(year, number, day, day, headerText, reference, END_OF_DAY_USER, day + 23 * 3_600_000 - SYSTEM_UTC_OFFSET_MS);
      let item = 0;
      for (const [material, { sold, returned }] of [...batch.lines].sort(([a], [b]) => byText(a, b))) {
        if (sold > 0) insertDocumentItem.run(year, number, pad(++item, 4), material, batch.plant, '251', 'H', sold);
        if (returned > 0) insertDocumentItem.run(year, number, pad(++item, 4), material, batch.plant, '252', 'S', returned);
      }
    }
  })();
}
