import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * How Omnigraph opens its own durable stores (the record of who looked, identity's decisions,
 * commerce's saga log), the same way in each.
 */

/**
 * A SQLite file several processes may write (every subgraph as its own process): its directory
 * made if missing, WAL so readers go on while one writes, a writer that finds the file locked
 * waiting up to 5 s instead of failing, and FULL sync: what was answered survives a power cut.
 */
export function openSqliteStore(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}

/** A PostgreSQL schema name from configuration (`setting`): only a plain identifier is accepted, then quoted. */
export function quoteIdentifier(setting: string, name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`${setting}: not a plain identifier: ${name}`);
  return `"${name}"`;
}
