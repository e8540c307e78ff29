import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../kit/db';
import { databasePath } from '../kit/main';
import { LEGACY_SYSTEMS } from '../systems';
import type { SizeName } from './model';
import { PERSONAS_FILE, personasOf } from './personas';
import { generateWorld } from './world';

export interface SeedOptions {
  seed: number;
  size: SizeName;
  /** Folder for the stand-ins' data files, ground-truth.json and the personas who sign in (personas.json). */
  outDir: string;
  now?: Date;
}

export interface SeedReport {
  files: string[];
  truthFile: string;
  millis: number;
}

/** Writes each stand-in's data file, the ground truth and the personas, replacing what was there. */
export function seedAll(options: SeedOptions): SeedReport {
  const started = Date.now();
  const world = generateWorld(options);
  mkdirSync(options.outDir, { recursive: true });
  const env = { LEGACY_DATA_DIR: options.outDir };
  const files = LEGACY_SYSTEMS.map(({ entry, createSchema, loadWorld }) => {
    const path = databasePath(entry, env);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    const db = openDatabase(path);
    try {
      createSchema(db);
      loadWorld(db, world);
    } finally {
      db.close();
    }
    return path;
  });
  // Omnigraph's identity directory store is a copy of the CRM's and the web shop's customers, read on
  // from its marks: kept, it would hold the last world's people and read the new one only from where
  // the last left off. It goes with them (subgraphs/identity/README.md).
  for (const suffix of ['', '-wal', '-shm']) rmSync(resolve(options.outDir, `identity-directory.sqlite${suffix}`), { force: true });
  const truthFile = resolve(options.outDir, 'ground-truth.json');
  writeFileSync(truthFile, JSON.stringify(world.truth, null, 1));
  writeFileSync(resolve(options.outDir, PERSONAS_FILE), `${JSON.stringify(personasOf(world), null, 1)}\n`);
  return { files, truthFile, millis: Date.now() - started };
}
