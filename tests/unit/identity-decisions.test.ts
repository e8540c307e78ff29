import { createLogger } from '../../lib/logger';
import { decisionStore, type DecisionMeta } from '../../subgraphs/identity/decisions';
import { POSTGRES_URL, scratchStores } from '../support/scratch-stores';

const { dir, schema: POSTGRES_SCHEMA } = scratchStores('identity_decisions');
const log = createLogger('test', { LOG_LEVEL: 'silent' });

const meta = (at: string): DecisionMeta => ({
  at,
  decidedBy: 'agent',
  decidedByRoles: ['call-center-agent'],
  channel: 'omnigraph-staff',
  requestId: 'req-1',
  reason: null,
});

describe.each([
  ['SQLite file', () => ({ LEGACY_DATA_DIR: dir(), IDENTITY_DECISIONS_FILE: 'nested/decisions.sqlite' })],
  ['PostgreSQL', () => ({ IDENTITY_DECISIONS_URL: POSTGRES_URL, IDENTITY_DECISIONS_SCHEMA: POSTGRES_SCHEMA })],
])('identity decisions in %s', (_name, env) => {
  it('keeps every decision and its undo across a restart, oldest first, with who took it', async () => {
    const first = decisionStore(env(), log);
    const confirmed = await first.add(
      { kind: 'STORE_SALE_CUSTOMER', saleKey: '101-1-42-2026-11-19', customerId: 'Q3VzdG9tZXI6Q1JNOjE4' },
      meta('2026-11-20T03:30:00.000Z'),
    );
    const merged = await first.add(
      { kind: 'MERGE', customerIds: ['a', 'b'], records: ['CRM:10', 'CRM:11'] },
      { ...meta('2026-11-20T03:31:00.000Z'), decidedBy: 'steward', decidedByRoles: ['back-office'], reason: 'same person' },
    );
    const undone = await first.undo(merged.id, '2026-11-20T04:00:00.000Z', 'steward');
    expect(undone).toMatchObject({ id: merged.id, undoneAt: '2026-11-20T04:00:00.000Z', undoneBy: 'steward' });
    // A second undo changes nothing: the first one's time and author stay.
    expect(await first.undo(merged.id, '2026-11-21T00:00:00.000Z', 'someone-else')).toMatchObject({ undoneBy: 'steward' });
    expect(await first.undo('999999', '2026-11-21T00:00:00.000Z', 'steward')).toBeNull();
    await first.close();

    const reopened = decisionStore(env(), log);
    const all = await reopened.all();
    expect(all).toEqual([
      expect.objectContaining({
        id: confirmed.id,
        kind: 'STORE_SALE_CUSTOMER',
        saleKey: '101-1-42-2026-11-19',
        decidedBy: 'agent',
        channel: 'omnigraph-staff',
        undoneAt: null,
      }),
      expect.objectContaining({ id: merged.id, kind: 'MERGE', records: ['CRM:10', 'CRM:11'], reason: 'same person', undoneBy: 'steward' }),
    ]);
    expect(all[0].at).toBe('2026-11-20T03:30:00.000Z');
    await reopened.close();
  });
});

it('refuses an in-memory store in production: every decision would be lost at restart', async () => {
  await expect(decisionStore({ NODE_ENV: 'production', IDENTITY_DECISIONS_FILE: ':memory:' }, log).ready).rejects.toThrow(/forgets/);
});
