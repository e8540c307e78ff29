import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes files generated from the sources, or with `--check` (as `npm test` runs it) fails when a
 * committed one differs from what the sources give now (a missing one is stale too).
 */
export function writeOrCheck(files: [path: string, text: string][], command: string, upToDate: string): void {
  if (!process.argv.includes('--check')) {
    for (const [file, text] of files) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    console.log(`wrote ${files.map(([file]) => file).join(', ')}`);
    return;
  }
  const stale = files.filter(([file, text]) => {
    try {
      return readFileSync(file, 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`stale: ${stale.map(([file]) => file).join(', ')}; run \`${command}\` and commit the result`);
    process.exit(1);
  }
  console.log(`${upToDate} up to date`);
}
