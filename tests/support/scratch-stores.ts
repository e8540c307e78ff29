import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** The real server CI starts (.ci/run); a test using it fails, never skips, when it is not there. */
export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A store test's scratch places, made before its suites and removed after them: a directory for
 * SQLite files and a PostgreSQL schema of its own (so parallel runs never meet).
 */
export function scratchStores(label: string): { dir: () => string; schema: string } {
  const schema = `${label}_test_${process.pid}_${Date.now()}`;
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label.replace(/_/g, '-')}-`));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const client = new Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });
  return { dir: () => dir, schema };
}
