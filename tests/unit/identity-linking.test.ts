import { generateWorld } from '../../legacy/seed/world';
import { CustomerDirectory, customerIdOf, recordOfCustomerId, scoreRecords } from '../../subgraphs/identity/directory';
import { linkRecords } from '../../subgraphs/identity/linking';
import { normalizeEmail, normalizePhone } from '../../lib/identifiers';
import { measureLinking, recordsOf } from '../support/identity-quality';

describe('identifier normalisation', () => {
  it.each([['0901 234 567'], ['+84 901234567'], ['84-901-234-567'], ['0901.234.567'], ['0901234567'], ['(+84) 90 123 4567']])(
    'reads %s as +84901234567',
    (typed) => {
      expect(normalizePhone(typed)).toBe('+84901234567');
    },
  );

  it('refuses what is not a phone number rather than guessing', () => {
    expect(normalizePhone('12345')).toBeNull();
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  it('compares emails without case or stray blanks, and refuses non-emails', () => {
    expect(normalizeEmail('  An.Nguyen@Gmail.COM ')).toBe('an.nguyen@gmail.com');
    expect(normalizeEmail('not an email')).toBeNull();
  });
});

describe('record linking', () => {
  const base = { name: 'Nguyễn Văn An', loyaltyCards: [], addresses: [], updatedAt: '2026-01-01T00:00:00Z' };

  it('links records sharing a phone in different formats, or an email in different case', () => {
    const clusters = linkRecords([
      { ...base, system: 'CRM', id: 10, emails: ['an@x.vn'], phones: ['0901 234 567'] },
      { ...base, system: 'CRM', id: 20, emails: [null], phones: ['84-901-234-567'] },
      { ...base, system: 'ECOMMERCE', id: 3, emails: ['AN@X.VN'], phones: [] },
      { ...base, system: 'ECOMMERCE', id: 4, emails: ['someone@else.vn'], phones: ['0912 000 000'] },
    ]);
    expect(clusters).toHaveLength(2);
    const an = clusters.find((c) => c.anchor.id === 10)!;
    expect(an.records.map((m) => `${m.record.system}:${m.record.id}`)).toEqual(['CRM:10', 'CRM:20', 'ECOMMERCE:3']);
    expect(an.phones).toEqual(['+84901234567']);
    expect([...an.reasons.get(an.records[1].record)!]).toEqual(['PHONE']);
  });

  it('keeps ids stable: the oldest CRM record anchors the customer, and old ids still resolve', () => {
    const directory = new CustomerDirectory(
      scoreRecords([
        { ...base, system: 'ECOMMERCE', id: 3, emails: ['an@x.vn'], phones: [] },
        { ...base, system: 'CRM', id: 20, emails: ['an@x.vn'], phones: [] },
        { ...base, system: 'CRM', id: 10, emails: [], phones: ['0901234567'] },
        { ...base, system: 'CRM', id: 11, emails: ['an@x.vn'], phones: ['+84901234567'] },
      ]),
    );
    const [customer] = directory.holders('PHONE', '0901 234 567');
    expect(customer.anchor).toMatchObject({ system: 'CRM', id: 10 });
    expect(recordOfCustomerId(customerIdOf(customer.anchor))).toEqual({ system: 'CRM', id: 10 });
    expect(directory.byId(customerIdOf({ system: 'ECOMMERCE', id: 3 }))).toBe(customer);
    expect(directory.mergeCandidates).toEqual([expect.objectContaining({ system: 'CRM', recordIds: ['10', '11', '20'] })]);
    expect(directory.byId('not-an-id')).toBeNull();
  });
});

describe('linking the seeded world', () => {
  const world = generateWorld({ seed: 7, size: 'small' });
  const directory = new CustomerDirectory(scoreRecords(recordsOf(world)));

  it('finds every planted CRM duplicate as a merge candidate', () => {
    const candidates = directory.mergeCandidates
      .filter((c) => c.system === 'CRM')
      .map((c) => c.recordIds.map(Number).sort((a, b) => a - b));
    for (const pair of world.truth.crmDuplicatePairs) expect(candidates).toContainEqual([...pair].sort((a, b) => a - b));
  });

  it('links the same person across CRM and web shop with high precision and recall', () => {
    const quality = measureLinking(directory.clusters, world.truth);
    expect(quality.truePairs).toBeGreaterThan(50);
    expect(quality.precision).toBeGreaterThanOrEqual(0.995);
    expect(quality.recall).toBeGreaterThanOrEqual(0.95);
    expect(quality.differentNamesAndEmails).toBe(0);
  });
});
