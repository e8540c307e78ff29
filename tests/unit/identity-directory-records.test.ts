import type { CustomerPartner } from '../../connectors/crm';
import { createLogger } from '../../lib/logger';
import { directoryRecordStore } from '../../subgraphs/identity/directory-records';
import { POSTGRES_URL, scratchStores } from '../support/scratch-stores';

const { dir, schema: POSTGRES_SCHEMA } = scratchStores('identity_directory');
const log = createLogger('test', { LOG_LEVEL: 'silent' });

const partner = (id: number, name: string, updatedAt: string): CustomerPartner => ({
  id,
  name,
  email: `${name.toLowerCase()}@example.vn`,
  phones: ['0901 234 567'],
  address: { street: null, city: 'Hà Nội' },
  active: true,
  zaloUserId: null,
  facebookPsid: null,
  updatedAt,
});

describe.each([
  ['a SQLite file', () => ({ LEGACY_DATA_DIR: dir(), IDENTITY_DIRECTORY_FILE: 'directory.sqlite' })],
  ['PostgreSQL', () => ({ IDENTITY_DIRECTORY_URL: POSTGRES_URL, IDENTITY_DIRECTORY_SCHEMA: POSTGRES_SCHEMA })],
])('the directory store in %s', (_name, env) => {
  it('gives a replica every record and mark at start, then only what changed after the number it has', async () => {
    const leader = directoryRecordStore(env(), log);
    expect(await leader.changesAfter(0)).toEqual({ partners: [], cards: [], webCustomers: [], formerPhones: [], seq: 0, readUpTo: {} });
    const first = await leader.save(
      'crm',
      {
        partners: [partner(10, 'An', '2026-11-20T01:00:00Z'), partner(11, 'Bình', '2026-11-20T02:00:00Z')],
        cards: [{ id: 5, partnerId: 10, code: '8800001', updatedAt: '2026-11-20T01:00:00Z' }],
        formerPhones: [{ crmPartnerId: 10, phone: '+84901000111' }],
      },
      '2026-11-20T02:00:00Z',
      '2026-11-20T02:00:05Z',
    );
    // The web shop read whole and found nobody: read all the same.
    const second = await leader.save('ecommerce', {}, null, '2026-11-20T02:00:05Z');
    // Each save answers its change number, in the order saved: the leader need not read back what it saved.
    expect([first, second]).toEqual([1, 2]);
    expect((await leader.changesAfter(second)).partners).toEqual([]);

    const replica = directoryRecordStore(env(), log);
    const start = await replica.changesAfter(0);
    expect(start.partners.map((p) => p.id).sort()).toEqual([10, 11]);
    expect(start.partners.find((p) => p.id === 10)).toEqual(partner(10, 'An', '2026-11-20T01:00:00Z'));
    expect(start.cards).toEqual([{ id: 5, partnerId: 10, code: '8800001', updatedAt: '2026-11-20T01:00:00Z' }]);
    expect(start.formerPhones).toEqual([{ crmPartnerId: 10, phone: '+84901000111' }]);
    expect(start.readUpTo).toEqual({ crm: '2026-11-20T02:00:00Z', ecommerce: null });

    // The same second read again changes nothing; a real change comes under a new number, alone.
    await leader.save('crm', { partners: [partner(11, 'Bình', '2026-11-20T02:00:00Z')] }, '2026-11-20T02:00:00Z', '2026-11-20T02:30:00Z');
    expect((await replica.changesAfter(start.seq)).partners).toEqual([]);
    await leader.save(
      'crm',
      { partners: [partner(11, 'Bình Minh', '2026-11-20T03:00:00Z')] },
      '2026-11-20T03:00:00Z',
      '2026-11-20T03:00:02Z',
    );
    const next = await replica.changesAfter(start.seq);
    expect(next.partners).toEqual([partner(11, 'Bình Minh', '2026-11-20T03:00:00Z')]);
    expect(next.seq).toBeGreaterThan(start.seq);
    expect(next.readUpTo.crm).toBe('2026-11-20T03:00:00Z');

    // A replica that read before that change and stores late cannot undo it, nor move the mark back.
    await replica.save('crm', { partners: [partner(11, 'Bình', '2026-11-20T02:00:00Z')] }, '2026-11-20T02:00:00Z', '2026-11-20T02:59:00Z');
    const after = await leader.changesAfter(0);
    expect(after.partners.find((p) => p.id === 11)!.name).toBe('Bình Minh');
    expect(after.readUpTo.crm).toBe('2026-11-20T03:00:00Z');
    expect((await leader.changesAfter(next.seq)).partners).toEqual([]);
    await Promise.all([leader.close(), replica.close()]);

    // Kept across a restart.
    const reopened = directoryRecordStore(env(), log);
    expect((await reopened.changesAfter(0)).partners).toHaveLength(2);
    await reopened.close();
  });

  it('keeps, of two versions saved within one second, the one read last, whichever is stored last', async () => {
    const store = directoryRecordStore(env(), log);
    const second = '2026-11-21T08:00:00Z';
    // The leader read the second version at 08:00:03 and stored it; a replica that read the first at
    // 08:00:01 stores it after: it cannot undo the later read, though both carry the same write date.
    await store.save('crm', { partners: [partner(20, 'Chi Mai', second)] }, second, '2026-11-21T08:00:03Z');
    const { seq } = await store.changesAfter(0);
    await store.save('crm', { partners: [partner(20, 'Chi', second)] }, second, '2026-11-21T08:00:01Z');
    expect((await store.changesAfter(seq)).partners).toEqual([]);
    // Read later still, within the same second: the newer read wins.
    await store.save('crm', { partners: [partner(20, 'Chi Mai Anh', second)] }, second, '2026-11-21T08:00:04Z');
    expect((await store.changesAfter(seq)).partners.map((p) => p.name)).toEqual(['Chi Mai Anh']);
    await store.close();
  });

  it('stores a read that holds one record twice (paged while it changed) as its later version', async () => {
    const store = directoryRecordStore(env(), log);
    const { seq } = await store.changesAfter(0);
    await store.save(
      'crm',
      {
        partners: [partner(30, 'Dũng', '2026-11-22T01:00:00Z'), partner(30, 'Dũng Trần', '2026-11-22T01:00:09Z')],
        // A partner whose phone and mobile were the same number and were both changed: tracked twice.
        formerPhones: [
          { crmPartnerId: 30, phone: '+84901000333' },
          { crmPartnerId: 30, phone: '+84901000333' },
        ],
      },
      '2026-11-22T01:00:09Z',
      '2026-11-22T01:00:10Z',
    );
    const stored = await store.changesAfter(seq);
    expect(stored.partners).toEqual([partner(30, 'Dũng Trần', '2026-11-22T01:00:09Z')]);
    expect(stored.formerPhones).toEqual([{ crmPartnerId: 30, phone: '+84901000333' }]);
    expect(stored.readUpTo.crm).toBe('2026-11-22T01:00:09Z');
    await store.close();
  });
});
