import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Opens a stand-in's own SQLite store: a file by default, `:memory:` for tests. */
export function openDatabase(path: string): Db {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}
