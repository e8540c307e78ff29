import { CustomerDirectory, scoreRecords } from '../../subgraphs/identity/directory';
import type { Decision } from '../../subgraphs/identity/decisions';
import { linkRecords, type SourceRecord } from '../../subgraphs/identity/linking';
import { comparable, compare, verdictOf, weightOf } from '../../subgraphs/identity/match-model';
import { compareNames } from '../../subgraphs/identity/names';

const record = (over: Partial<SourceRecord> & Pick<SourceRecord, 'system' | 'id' | 'name'>): SourceRecord => ({
  emails: [],
  phones: [],
  loyaltyCards: [],
  addresses: [],
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const home = { street: '12 Lê Lợi', city: 'Hồ Chí Minh' };

describe('names compared the way Vietnamese names vary', () => {
  it.each([
    ['Nguyễn Thị Chi', 'Nguyễn Thị Chi', 'EXACT'],
    ['Nguyễn Thị Chi', 'Nguyen Thi Chi', 'SAME_WORDS'],
    ['Nguyễn Thị Chi', 'Chi Nguyễn Thị', 'SAME_WORDS'],
    ['Nguyễn Thị Chi', 'Thị Chi Nguyễn', 'SAME_WORDS'],
    ['Nguyễn Thị Chi', 'Nguyễn Chi', 'FAMILY_AND_GIVEN'],
    ['Nguyễn Thị Chi', 'Chi Nguyen', 'FAMILY_AND_GIVEN'],
    ['Trần Đức Trang', 'Trần Đức Trag', 'TYPO'],
    ['Nguyễn Kim Ngân', 'Nguyễn Kim Bống', 'NICKNAME'],
    ['Nguyễn Kim Ngân', 'Ngân', 'NICKNAME'],
    ['Nguyễn Văn Hùng', 'Lê Thị Lan', 'DIFFERENT'],
    ['Nguyễn Văn Hùng', 'Nguyễn Thị Lan', 'DIFFERENT'],
    ['Trần Thu Trang', 'Trần Thu Trung', 'DIFFERENT'],
    ['Nguyễn Văn Hùng', '', 'MISSING'],
  ])('%s / %s: %s', (a, b, level) => {
    expect(compareNames(a, b)).toBe(level);
    expect(compareNames(b, a)).toBe(level);
  });
});

describe('the record-linkage model', () => {
  it('weighs agreement for and disagreement against, in bits of log2(m/u)', () => {
    expect(weightOf('EMAIL', 'EXACT')).toBeCloseTo(12.97, 2);
    expect(weightOf('PHONE', 'EXACT')).toBeCloseTo(13.05, 2);
    expect(weightOf('NAME', 'DIFFERENT')).toBeLessThan(-5);
    expect(weightOf('PHONE', 'MISSING')).toBe(0);
  });

  it('never links two people of different names, whatever they share', () => {
    const he = comparable(
      record({ system: 'CRM', id: 1, name: 'Phạm Văn Hải', emails: ['nha.pham@gmail.com'], phones: ['0912 345 620'], addresses: [home] }),
    );
    const she = comparable(
      record({ system: 'CRM', id: 2, name: 'Lê Thị Hồng', emails: ['nha.pham@gmail.com'], phones: ['0912345620'], addresses: [home] }),
    );
    expect(verdictOf(compare(he, she)).verdict).toBe('APART');
  });

  it('links on a shared phone alone only when the names agree and no email contradicts', () => {
    const crm = comparable(record({ system: 'CRM', id: 1, name: 'Nguyễn Thị Chi', phones: ['0901 234 567'] }));
    const web = (email: string | null) =>
      comparable(record({ system: 'ECOMMERCE', id: 1, name: 'Nguyen Thi Chi', emails: [email], phones: ['+84901234567'] }));
    expect(verdictOf(compare(crm, web(null))).verdict).toBe('LINK');
    const withOwnEmail = comparable(
      record({ system: 'CRM', id: 1, name: 'Nguyễn Thị Chi', emails: ['chi@x.vn'], phones: ['0901 234 567'] }),
    );
    expect(verdictOf(compare(withOwnEmail, web('chi.nguyen@y.vn'))).verdict).toBe('REVIEW');
    expect(verdictOf(compare(withOwnEmail, web('chi@x.vn'))).verdict).toBe('LINK');
  });

  it('takes a typo in an email or a phone as close, not different', () => {
    const evidence = compare(
      comparable(
        record({ system: 'CRM', id: 1, name: 'Đỗ Văn Quân', emails: ['quan.do@gmail.com'], phones: ['0941 418 110'], addresses: [home] }),
      ),
      comparable(
        record({
          system: 'ECOMMERCE',
          id: 1,
          name: 'Đỗ Văn Quân',
          emails: ['quan.do@gmial.com'],
          phones: ['0941418112'],
          addresses: [home],
        }),
      ),
    );
    expect(evidence.find((e) => e.field === 'EMAIL')?.agreement).toBe('CLOSE');
    expect(evidence.find((e) => e.field === 'PHONE')?.agreement).toBe('CLOSE');
    expect(verdictOf(evidence).verdict).toBe('LINK');
  });
});

describe('households', () => {
  // The case the issue measured: a man and a woman sharing one household phone, typed two ways.
  const records = [
    record({ system: 'CRM', id: 1, name: 'Phạm Văn Hải', emails: ['hai.pham@gmail.com'], phones: ['0912 345 620'], addresses: [home] }),
    record({ system: 'CRM', id: 2, name: 'Lê Thị Hồng', emails: ['hong.le@yahoo.com'], phones: ['0912345620'], addresses: [home] }),
    record({
      system: 'ECOMMERCE',
      id: 7,
      name: 'Lê Thị Hồng',
      emails: ['HONG.LE@yahoo.com'],
      phones: ['+84 912345620'],
      addresses: [home],
    }),
  ];

  it('keeps each member one customer of their own, and the phone answers both', () => {
    const clusters = linkRecords(records);
    expect(clusters.map((c) => c.records.map((m) => m.key))).toEqual([['CRM:1'], ['CRM:2', 'ECOMMERCE:7']]);
    const directory = new CustomerDirectory(scoreRecords(records));
    const holders = directory.holders('PHONE', '0912 345 620');
    expect(holders.map((c) => c.anchor.name)).toEqual(['Phạm Văn Hải', 'Lê Thị Hồng']);
    expect(directory.sharedPhones(holders[0])).toEqual(['+84912345620']);
  });

  it('takes a family email for a household, not a person: it neither links nor contradicts', () => {
    const family = [
      record({ system: 'CRM', id: 1, name: 'Nguyễn Văn Tuấn', emails: ['giadinh.nguyen@gmail.com'], addresses: [home] }),
      record({ system: 'CRM', id: 2, name: 'Trần Thị Mai', emails: ['giadinh.nguyen@gmail.com'], addresses: [home] }),
      record({ system: 'ECOMMERCE', id: 3, name: 'Nguyễn Văn Tuấn', emails: ['tuan.nguyen@fpt.vn'], addresses: [home] }),
    ];
    expect(linkRecords(family).map((c) => c.records.map((m) => m.key))).toEqual([['CRM:1', 'ECOMMERCE:3'], ['CRM:2']]);
  });

  it('applies a steward’s merge, a split, and their undo', () => {
    const decision = (id: string, change: object, undone = false): Decision =>
      ({
        id,
        at: '2026-11-20T03:30:00.000Z',
        decidedBy: 'steward',
        decidedByRoles: ['back-office'],
        channel: null,
        requestId: 'r',
        reason: 'x',
        undoneAt: undone ? '2026-11-21T00:00:00.000Z' : null,
        undoneBy: null,
        ...change,
      }) as Decision;
    const scored = scoreRecords(records);
    const merged = new CustomerDirectory(scored, [decision('1', { kind: 'MERGE', customerIds: ['a', 'b'], records: ['CRM:1', 'CRM:2'] })]);
    expect(merged.clusters).toHaveLength(1);
    expect([...merged.clusters[0].reasons.get(merged.clusters[0].anchor)!]).toContain('STEWARD');
    const split = new CustomerDirectory(scored, [
      decision('2', { kind: 'SPLIT', customerId: 'c', moved: ['ECOMMERCE:7'], kept: ['CRM:2'] }),
    ]);
    expect(split.clusters.map((c) => c.records.map((m) => m.key))).toEqual([['CRM:1'], ['CRM:2'], ['ECOMMERCE:7']]);
    const undone = new CustomerDirectory(scored, [
      decision('2', { kind: 'SPLIT', customerId: 'c', moved: ['ECOMMERCE:7'], kept: ['CRM:2'] }, true),
    ]);
    expect(undone.clusters.map((c) => c.records.map((m) => m.key))).toEqual([['CRM:1'], ['CRM:2', 'ECOMMERCE:7']]);
  });
});
