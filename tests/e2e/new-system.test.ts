import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `npm run new-system` on a copy of this tree, as an integration engineer runs it: the copy composes,
 * type-checks, and the generated test (the new subgraph answering through the gateway) passes; of
 * the files that were there, only the three registrations and what compose and codegen write change.
 */
const ROOT = resolve(__dirname, '../..');

function run(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
}

describe('npm run new-system', () => {
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'omnigraph-new-system-'));
    // The tracked and new files as they are now (uncommitted work included), without the data.
    const files = run(ROOT, 'git', ['ls-files', '-co', '--exclude-standard'])
      .split('\n')
      .filter((file) => file && !file.startsWith('data/'));
    execFileSync('tar', ['-cf', join(copy, 'tree.tar'), ...files], { cwd: ROOT, maxBuffer: 1 << 26 });
    execFileSync('tar', ['-xf', 'tree.tar'], { cwd: copy });
    rmSync(join(copy, 'tree.tar'));
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    run(copy, 'git', ['init', '-q']);
    run(copy, 'git', ['add', '-A']);
    run(copy, 'git', ['-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'before']);
    run(copy, process.execPath, [require.resolve('tsx/cli'), 'scripts/new-system.ts', 'tinyshop']);
  }, 120_000);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('changes, of the files that were there, only the registrations and the generated schema files', () => {
    const changed = run(copy, 'git', ['diff', '--name-only']).trim().split('\n').sort();
    expect(changed).toEqual(
      [
        'codegen.yml',
        'docs/ACCESS.md',
        'lib/subgraph-locations.ts',
        'schema/api.graphql',
        'schema/contracts/partner.supergraph.graphql',
        'schema/supergraph.graphql',
        'subgraphs/services.ts',
      ].sort(),
    );
    const added = run(copy, 'git', ['ls-files', '--others', '--exclude-standard']).trim().split('\n');
    expect(added.every((file) => /^(connectors|subgraphs|tests)\/tinyshop\//.test(file))).toBe(true);
    expect(added).toEqual(
      expect.arrayContaining(['connectors/tinyshop/client.ts', 'subgraphs/tinyshop/schema.graphql', 'tests/tinyshop/subgraph.test.ts']),
    );
    expect(readFileSync(join(copy, 'schema/api.graphql'), 'utf8')).toContain('tinyshopStatus: TinyshopStatus!');
  });

  it('leaves a tree that type-checks, lints, and whose new subgraph answers through the gateway', () => {
    run(copy, join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.']);
    run(copy, join(ROOT, 'node_modules/.bin/eslint'), ['connectors/tinyshop', 'subgraphs/tinyshop', 'tests/tinyshop']);
    run(copy, process.execPath, [require.resolve('tsx/cli'), 'scripts/compose.ts', '--check']);
    // Throws, with jest's report, unless the generated test passes.
    run(copy, join(ROOT, 'node_modules/.bin/jest'), ['--ci', 'tests/tinyshop']);
  }, 180_000);
});
