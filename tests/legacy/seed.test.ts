import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../legacy/kit/db';
import type { GroundTruth } from '../../legacy/seed/model';
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
    expect(first.files.map((f) => f.split('/').pop())).toEqual([
      'crm.sqlite',
      'pos.sqlite',
      'ecommerce.sqlite',
      'warehouse.sqlite',
      'marketplace.sqlite',
    ]);
    first.files.forEach((file, i) => expect(contents(second.files[i])).toEqual(contents(file)));
    expect(readFileSync(second.truthFile, 'utf8')).toBe(readFileSync(first.truthFile, 'utf8'));
    const other = seedInto(43);
    expect(contents(other.files[0])).not.toEqual(contents(first.files[0]));
  });

  it("takes Omnigraph's copy of the last world's customers (the identity directory store) away with it", () => {
    const outDir = mkdtempSync(join(tmpdir(), 'omnigraph-seed-'));
    writeFileSync(join(outDir, 'identity-directory.sqlite'), 'the last world');
    writeFileSync(join(outDir, 'identity-decisions.sqlite'), 'stewards’ decisions');
    seedAll({ seed: 7, size: 'small', outDir });
    expect(existsSync(join(outDir, 'identity-directory.sqlite'))).toBe(false);
    // What people decided is not a copy of the systems: it stays.
    expect(existsSync(join(outDir, 'identity-decisions.sqlite'))).toBe(true);
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
      'householdsSharingPhone',
      'sharedFamilyEmails',
      'nameVariants:withoutDiacritics',
      'nameVariants:westernOrder',
      'nameVariants:middleNameDropped',
      'nameVariants:nickname',
      'emailTypos',
      'phoneTypos',
      'walkInStorePhone:crmPartners',
      'walkInStorePhone:posSales',
      'changedPhone',
    ]) {
      expect(truth.messes[mess]).toBeGreaterThan(0);
    }
    expect(truth.shelfStock.length).toBeGreaterThan(0);
  });

  it('writes who is who behind the identity messes: households, shared emails, shop phones, every phone of a person', () => {
    const truth = JSON.parse(readFileSync(seedInto(42).truthFile, 'utf8')) as GroundTruth;
    expect(truth.households.length).toBe(truth.messes.householdsSharingPhone);
    expect(truth.sharedEmails.length).toBe(truth.messes.sharedFamilyEmails);
    expect(truth.walkInPhones.map((w) => w.retailStoreId)).toEqual(['101', '102', '103', '104', '105']);
    expect(truth.walkInPosTransactionKeys.length).toBe(truth.messes['walkInStorePhone:posSales']);
    const byId = new Map(truth.persons.map((p) => [p.personId, p]));
    for (const { phone, personIds } of truth.households) for (const id of personIds) expect(byId.get(id)!.phones).toContain(phone);
    expect(truth.persons.every((p) => p.phones.includes(p.phone))).toBe(true);
  });

  it('loads the planted records into the stand-ins: the shop phone on CRM partners and POS receipts', () => {
    const { files, truthFile } = seedInto(42);
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
    const [crm, pos, ecommerce] = files.map(contents);
    const partnerIds = new Set(truth.persons.flatMap((p) => p.crmPartnerIds));
    expect((crm.res_partner as { id: number }[]).filter((p) => partnerIds.has(p.id)).length).toBe(partnerIds.size);
    const webIds = new Set(truth.persons.flatMap((p) => p.webCustomerIds));
    expect((ecommerce.customer_entity as { entity_id: number }[]).filter((c) => webIds.has(c.entity_id)).length).toBe(webIds.size);
    const keys = new Set(
      (pos.transactions as { retail_store_id: string; workstation_id: number; sequence_number: number; business_day: string }[]).map(
        (t) => `${t.retail_store_id}-${t.workstation_id}-${t.sequence_number}-${t.business_day}`,
      ),
    );
    for (const key of [...truth.walkInPosTransactionKeys, ...truth.persons.flatMap((p) => p.posTransactionKeys)])
      expect(keys.has(key)).toBe(true);
  });
});
