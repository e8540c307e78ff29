import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../legacy/kit/db';
import { seedAll } from '../../legacy/seed/seed';

/** Every row of every table, in a stable order. */
function contents(file: string): Record<string, unknown[]> {
  const db = openDatabase(file);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('the seed command', () => {
  const seedInto = (seed: number) => seedAll({ seed, size: 'small', outDir: mkdtempSync(join(tmpdir(), 'omnigraph-seed-')) });

  it('writes the same data into every system for the same seed, and other data for another', () => {
    const first = seedInto(42);
    const second = seedInto(42);
    expect(first.files.map((f) => f.split('/').pop())).toEqual(['crm.sqlite', 'pos.sqlite', 'ecommerce.sqlite', 'warehouse.sqlite']);
    first.files.forEach((file, i) => expect(contents(second.files[i])).toEqual(contents(file)));
    expect(readFileSync(second.truthFile, 'utf8')).toBe(readFileSync(first.truthFile, 'utf8'));
    const other = seedInto(43);
    expect(contents(other.files[0])).not.toEqual(contents(first.files[0]));
  });

  it('writes a ground truth that names the planted messes', () => {
    const truth = JSON.parse(readFileSync(seedInto(42).truthFile, 'utf8'));
    expect(truth).toMatchObject({ seed: 42, size: 'small' });
    for (const mess of [
      'crmDuplicatePartners',
      'webEmailsDifferingInCaseFromCrm',
      'webCustomersUnknownToCrm',
      'guestOrders',
      'posSalesWithoutCustomer',
      'posSalesIdentifiedOnlyByPhone',
      'phantomStock',
    ]) {
      expect(truth.messes[mess]).toBeGreaterThan(0);
    }
    expect(truth.shelfStock.length).toBeGreaterThan(0);
  });
});
