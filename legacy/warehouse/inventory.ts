import type { Statement } from 'better-sqlite3';
import type { Db } from '../kit/db';
import { businessError, CODES, ODataError } from './odata/errors';
import { parseDecimal } from './odata/values';

export type StockType = '01' | '07';
export const UNRESTRICTED: StockType = '01';
export const BLOCKED: StockType = '07';

/** One stock quantity: material at plant / storage location in one stock type. */
export interface StockBucket {
  material: string;
  plant: string;
  storageLocation: string;
  stockType: StockType;
}

/** Whole pieces only: every material here is kept in PC, which has no decimal places. */
export function pieces(name: string, value: unknown): number {
  const quantity = parseDecimal(name, value);
  if (!Number.isInteger(quantity) || quantity <= 0)
    throw businessError(`Quantity ${String(value)} PC is not a positive whole number of pieces`);
  return quantity;
}

/** SAP's M7 021, the message every refused issue shows. */
export function deficit(missing: number, material: string, plant: string, storageLocation: string): ODataError {
  return new ODataError(400, CODES.deficit, `Deficit of SL Unrestricted-use ${missing} PC : ${material} ${plant} ${storageLocation}`);
}

/** Master data checks and stock quantities, with the statements prepared once per database. */
export class Inventory {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` atomically: a refused line leaves nothing behind. */
  atomically<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  run(sql: string, ...params: unknown[]): void {
    this.statement(sql).run(...params);
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  checkMaterial(material: string): void {
    if (!this.get('SELECT 1 FROM material WHERE material = ?', material)) {
      throw new ODataError(400, CODES.unknownMaterial, `The material ${material} does not exist or is not activated`);
    }
  }

  checkPlant(plant: string): void {
    if (!this.get('SELECT 1 FROM plant WHERE plant = ?', plant)) throw businessError(`Plant ${plant} does not exist`);
  }

  checkStorageLocation(plant: string, storageLocation: string): void {
    this.checkPlant(plant);
    if (!this.get('SELECT 1 FROM storage_location WHERE plant = ? AND storage_location = ?', plant, storageLocation)) {
      throw businessError(`Storage location ${plant} ${storageLocation} does not exist`);
    }
  }

  private row(bucket: StockBucket): { quantity: number } | undefined {
    return this.get<{ quantity: number }>(
      'SELECT quantity FROM stock WHERE material = ? AND plant = ? AND storage_location = ? AND stock_type = ?',
      bucket.material,
      bucket.plant,
      bucket.storageLocation,
      bucket.stockType,
    );
  }

  quantity(bucket: StockBucket): number {
    return this.row(bucket)?.quantity ?? 0;
  }

  /** What open reservations still hold at a storage location: required minus withdrawn. */
  openlyReserved(material: string, plant: string, storageLocation: string): number {
    const row = this.get<{ held: number }>(
      `SELECT COALESCE(SUM(MAX(required_qty - withdrawn_qty, 0)), 0) AS held FROM reservation_item
       WHERE material = ? AND plant = ? AND storage_location = ? AND marked_for_deletion = 0 AND finally_issued = 0`,
      material,
      plant,
      storageLocation,
    );
    return row!.held;
  }

  /** Unrestricted stock not yet promised to an open reservation. */
  available(material: string, plant: string, storageLocation: string): number {
    return (
      this.quantity({ material, plant, storageLocation, stockType: UNRESTRICTED }) - this.openlyReserved(material, plant, storageLocation)
    );
  }

  /** Adds (or, negative, takes) pieces; stock may not go below zero, as SAP forbids negative stock. */
  post(bucket: StockBucket, delta: number): void {
    const row = this.row(bucket);
    const after = (row?.quantity ?? 0) + delta;
    if (after < 0) throw deficit(-after, bucket.material, bucket.plant, bucket.storageLocation);
    const key = [bucket.material, bucket.plant, bucket.storageLocation, bucket.stockType];
    if (row)
      this.run('UPDATE stock SET quantity = ? WHERE material = ? AND plant = ? AND storage_location = ? AND stock_type = ?', after, ...key);
    else this.run('INSERT INTO stock (quantity, material, plant, storage_location, stock_type) VALUES (?, ?, ?, ?, ?)', after, ...key);
  }
}
