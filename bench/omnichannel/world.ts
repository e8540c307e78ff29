import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { databasePath } from '../../legacy/kit/main';
import type { SizeName } from '../../legacy/seed/model';
import { seedAll } from '../../legacy/seed/seed';
import { DEFAULT_NOW } from '../../legacy/seed/world';
import { LEGACY_SYSTEMS } from '../../legacy/systems';

/**
 * The bench's world: the seeded data files, made once and kept under bench/data (git-ignored), and
 * copied afresh for every run because checkouts write to them.
 */

export interface WorldSpec {
  seed: number;
  size: SizeName;
}

interface SeedMarker {
  seed: number;
  size: SizeName;
  now: string;
  /** Hash of the code that writes the data files: a changed generator or stand-in schema reseeds. */
  generator: string;
  seedingMs: number;
}

export interface SeededWorld {
  dir: string;
  /** How long seeding took: now, or when the kept copy was made. */
  seedingMs: number;
  reused: boolean;
}

const MARKER_FILE = 'seeded.json';
const LEGACY_DIR = resolve(__dirname, '../../legacy');

function generatorHash(): string {
  const hash = createHash('sha256');
  const sources = readdirSync(LEGACY_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
  for (const file of sources) hash.update(file).update(readFileSync(join(LEGACY_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

const dataFiles = (dir: string) => LEGACY_SYSTEMS.map(({ entry }) => databasePath(entry, { LEGACY_DATA_DIR: dir }));

/** The seeded world under `dataRoot`, seeding it unless a complete seed of the same seed, size, clock and generator is there. */
export function ensureSeededWorld(dataRoot: string, spec: WorldSpec): SeededWorld {
  const dir = resolve(dataRoot, `${spec.size}-seed-${spec.seed}`);
  const markerPath = join(dir, MARKER_FILE);
  const generator = generatorHash();
  if (existsSync(markerPath) && dataFiles(dir).every(existsSync)) {
    const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as SeedMarker;
    if (
      marker.seed === spec.seed &&
      marker.size === spec.size &&
      marker.now === DEFAULT_NOW.toISOString() &&
      marker.generator === generator
    ) {
      return { dir, seedingMs: marker.seedingMs, reused: true };
    }
  }
  // Seeded beside and moved into place whole: a seed cut short, or a second run seeding at the
  // same time, never leaves a half-written world that looks complete.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const report = seedAll({ seed: spec.seed, size: spec.size, outDir: partial, now: DEFAULT_NOW });
  const marker: SeedMarker = { seed: spec.seed, size: spec.size, now: DEFAULT_NOW.toISOString(), generator, seedingMs: report.millis };
  writeFileSync(join(partial, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, seedingMs: report.millis, reused: false };
}

/** Where the bench keeps its seeded worlds (git-ignored). */
export const BENCH_DATA_ROOT = resolve(__dirname, '../data');

/** The bench's seeded world under BENCH_DATA_ROOT, made now or kept from an earlier run, and which it was, on stdout. */
export function benchWorld(spec: WorldSpec): SeededWorld {
  const started = performance.now();
  const world = ensureSeededWorld(BENCH_DATA_ROOT, spec);
  process.stdout.write(
    world.reused
      ? `world: ${spec.size} seed ${spec.seed} reused from ${world.dir} (seeding took ${(world.seedingMs / 1000).toFixed(1)} s when made)\n`
      : `world: seeded ${spec.size} seed ${spec.seed} into ${world.dir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return world;
}

/** Each run's copy of the data files, removed however the run ends. */
const runDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of runDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the stand-ins' data files in a temp folder, for one run to write to; `removeWorldCopy` when done. */
export function copyWorld(world: SeededWorld): string {
  const runDir = mkdtempSync(join(tmpdir(), 'omnigraph-omnichannel-'));
  runDirs.add(runDir);
  for (const file of dataFiles(world.dir)) copyFileSync(file, join(runDir, basename(file)));
  return runDir;
}

export function removeWorldCopy(runDir: string): void {
  rmSync(runDir, { recursive: true, force: true });
  runDirs.delete(runDir);
}

export interface CrmCustomer {
  partnerId: number;
  /** As the CRM holds it, in whatever format it was typed. */
  phone: string;
}

export interface WebShopper {
  webCustomerId: number;
  email: string;
  firstName: string;
  lastName: string;
}

/** The address a web shopper gives at a pickup checkout. */
export function checkoutAddressOf(shopper: WebShopper) {
  return {
    firstName: shopper.firstName,
    lastName: shopper.lastName,
    street: ['12 Lê Lợi'],
    city: 'TP. Hồ Chí Minh',
    phone: '0901234567',
    email: shopper.email,
  };
}

/** Who and what the workloads ask about, read from the data files before any timing. */
export interface WorldInputs {
  /** Active CRM customers with a phone and an email. */
  crmCustomers: CrmCustomer[];
  /** Web accounts without an open cart, in the order checkouts take them. */
  webShoppers: WebShopper[];
  /** Enabled catalogue SKUs, spread over the catalogue. */
  skus: string[];
  /** Loyalty cards with at least 20 points, as printed: who pays with points at the counter. */
  memberCards: string[];
}

/** `count` items spread evenly over the list, in order: the same picks for the same data. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]);
}

export function pickInputs(
  runDir: string,
  counts: { crmCustomers: number; webShoppers: number; skus: number; memberCards: number },
): WorldInputs {
  const open = (system: string) => new Database(join(runDir, `${system}.sqlite`), { fileMustExist: true });
  const crm = open('crm');
  const ecommerce = open('ecommerce');
  try {
    const partners = crm
      .prepare(
        `SELECT id AS partnerId, phone FROM res_partner WHERE active = 1 AND COALESCE(phone, '') <> '' AND COALESCE(email, '') <> '' ORDER BY id`,
      )
      .all() as CrmCustomer[];
    const shoppers = ecommerce
      .prepare(
        `SELECT entity_id AS webCustomerId, email, firstname AS firstName, lastname AS lastName FROM customer_entity c
         WHERE NOT EXISTS (SELECT 1 FROM quote q WHERE q.customer_id = c.entity_id AND q.is_active = 1) ORDER BY entity_id`,
      )
      .all() as WebShopper[];
    const skus = (ecommerce.prepare('SELECT sku FROM catalog_product WHERE status = 1 ORDER BY sku').all() as { sku: string }[]).map(
      (row) => row.sku,
    );
    const cards = (crm.prepare('SELECT code FROM loyalty_card WHERE points >= 20 ORDER BY id').all() as { code: string }[]).map(
      (row) => row.code,
    );
    return {
      crmCustomers: spread(partners, counts.crmCustomers),
      webShoppers: spread(shoppers, counts.webShoppers),
      skus: spread(skus, counts.skus),
      memberCards: spread(cards, counts.memberCards),
    };
  } finally {
    crm.close();
    ecommerce.close();
  }
}
