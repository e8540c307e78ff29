import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commerceStateFile, openCommerceState } from '../../subgraphs/commerce/state';

/** Where the commerce subgraph keeps its embedded state: in the data directory, beside the stand-ins' files. */
describe('the commerce state file', () => {
  let dataDir = '';
  let workDir = '';
  const cwd = process.cwd();

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-data-'));
    workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'commerce-cwd-')));
    process.chdir(workDir);
  });
  afterEach(() => {
    process.chdir(cwd);
    for (const dir of [dataDir, workDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a relative COMMERCE_STATE_FILE against the data directory, not the working directory', () => {
    expect(commerceStateFile({ LEGACY_DATA_DIR: dataDir, COMMERCE_STATE_FILE: 'state/commerce.sqlite' })).toBe(
      path.join(dataDir, 'state', 'commerce.sqlite'),
    );
    expect(commerceStateFile({ COMMERCE_STATE_FILE: 'mine.sqlite' })).toBe(path.join(workDir, 'data', 'mine.sqlite'));
  });

  it('is commerce.sqlite in the data directory by default: data/ unless LEGACY_DATA_DIR moves it', () => {
    expect(commerceStateFile({})).toBe(path.join(workDir, 'data', 'commerce.sqlite'));
    expect(commerceStateFile({ COMMERCE_STATE_FILE: '' })).toBe(path.join(workDir, 'data', 'commerce.sqlite'));
    expect(commerceStateFile({ LEGACY_DATA_DIR: dataDir })).toBe(path.join(dataDir, 'commerce.sqlite'));
  });

  it('takes an absolute path as it is, and :memory: as no file', () => {
    const absolute = path.join(os.tmpdir(), 'elsewhere', 'commerce.sqlite');
    expect(commerceStateFile({ LEGACY_DATA_DIR: dataDir, COMMERCE_STATE_FILE: absolute })).toBe(absolute);
    expect(commerceStateFile({ LEGACY_DATA_DIR: dataDir, COMMERCE_STATE_FILE: ':memory:' })).toBe(':memory:');
  });

  it('opens the store there', async () => {
    const state = await openCommerceState({ LEGACY_DATA_DIR: dataDir, COMMERCE_STATE_FILE: 'nested/commerce.sqlite' });
    try {
      await state.claimIdempotencyKey('caller:checkout', 'key-1', 'fingerprint');
    } finally {
      await state.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'nested', 'commerce.sqlite'))).toBe(true);
    expect(fs.existsSync(path.join(workDir, 'nested'))).toBe(false);
  });
});
