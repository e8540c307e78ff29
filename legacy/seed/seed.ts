import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../kit/db';
import { databasePath } from '../kit/main';
import { LEGACY_SYSTEMS } from '../systems';
import type { SizeName } from './model';
import { generateWorld } from './world';

export interface SeedOptions {
  seed: number;
  size: SizeName;
  /** Folder for the four data files and ground-truth.json. */
  outDir: string;
  now?: Date;
}

export interface SeedReport {
  files: string[];
  truthFile: string;
  millis: number;
}

/** Writes each stand-in's data file and the ground truth, replacing what was there. */
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
  const truthFile = resolve(options.outDir, 'ground-truth.json');
  writeFileSync(truthFile, JSON.stringify(world.truth, null, 1));
  return { files, truthFile, millis: Date.now() - started };
}
