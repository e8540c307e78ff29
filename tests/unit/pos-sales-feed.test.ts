import pino from 'pino';
import { SystemUnavailableError } from '../../lib/errors';
import type { FeedPage, Receipt, Store } from '../../connectors/pos';
import { addDays } from '../../connectors/pos';
import { FeedSource, SalesFeed, StoreList } from '../../connectors/pos';

/**
 * The follower behind StockLevel.unpostedSales, against an in-memory head office: where it starts,
 * what it counts, late receipts from an offline till, closed days, and what it says when it lags.
 */

const SKU = 'VD-0005-DO-L';
const OTHER = 'QS-0004-BE-L';

function receipt(
  kind: Receipt['kind'],
  sequenceNumber: number,
  businessDay: string,
  lines: [string, number, Receipt['lines'][0]['disposition']?][],
  returnOf: string | null = null,
): Receipt {
  const key = `101-1-${sequenceNumber}-${businessDay}`;
  return {
    key,
    retailStoreId: '101',
    workstationId: 1,
    sequenceNumber,
    businessDay,
    kind,
    startedAt: `${businessDay}T10:00:00+07:00`,
    endedAt: `${businessDay}T10:05:00+07:00`,
    currencyCode: 'VND',
    lines: lines.map(([sku, quantity, disposition]) => ({
      sku,
      description: sku,
      quantity,
      unitPrice: 100n,
      gross: 100n * BigInt(quantity),
      discount: 0n,
      disposition: disposition ?? null,
    })),
    tenders: [],
    total: 0n,
    loyaltyCard: null,
    phone: null,
    returnOf,
    webOrderNumber: null,
  };
}

/** One store's head office: receipts by sequence, days closed on demand, the whole office down on demand. */
class FakeHeadOffice implements FeedSource, StoreList {
  receipts: Receipt[] = [];
  closed = new Set<string>();
  down = false;
  /** The cursor of every feed read. */
  readFrom: number[] = [];
  /** The day of every end-of-day batch read. */
  batchesRead: string[] = [];

  async stores(): Promise<Map<string, Store>> {
    this.fail();
    return new Map([['101', { retailStoreId: '101', name: 'Q1', openingHours: [] }]]);
  }

  async feed(_store: string, since: number, limit = 500): Promise<FeedPage> {
    this.fail();
    this.readFrom.push(since);
    const after = this.receipts.filter((r) => r.sequenceNumber > since).sort((a, b) => a.sequenceNumber - b.sequenceNumber);
    const page = after.slice(0, limit);
    return { receipts: page, lastSequence: page.at(-1)?.sequenceNumber ?? since, moreAvailable: after.length > limit };
  }

  async endOfDayBatch(_store: string, day: string): Promise<Receipt[] | null> {
    this.fail();
    this.batchesRead.push(day);
    return this.closed.has(day) ? this.receipts.filter((r) => r.businessDay === day) : null;
  }

  private fail(): void {
    if (this.down) throw new SystemUnavailableError('pos', 'DOWN');
  }
}

describe('the sales feed follower', () => {
  let office: FakeHeadOffice;
  let now: Date;
  let feed: SalesFeed;
  const start = (lookbackDays = 2) => {
    feed = new SalesFeed(office, office, pino({ level: 'silent' }), {
      pollMs: 3_600_000,
      lookbackDays,
      reconcileMs: 0,
      staleAfterMs: 10_000,
      now: () => now,
    });
    return feed.ready;
  };

  beforeEach(() => {
    // 10:30 in the stores on 2026-11-20; the window of two days starts on the 18th.
    now = new Date('2026-11-20T03:30:00Z');
    office = new FakeHeadOffice();
    office.receipts = [
      receipt('Sale', 10, '2026-11-16', [[SKU, 5]]),
      receipt('Sale', 11, '2026-11-17', [[SKU, 4]]),
      receipt('Sale', 12, '2026-11-18', [
        [SKU, 3],
        [OTHER, 1],
      ]),
      receipt('Sale', 13, '2026-11-19', [[SKU, 2]]),
      receipt('Return', 14, '2026-11-19', [[SKU, 1, 'ReturnToStock']], '101-1-12-2026-11-18'),
      receipt('Return', 15, '2026-11-19', [[SKU, 1, 'Damaged']], '101-1-12-2026-11-18'),
      receipt('PickupHandover', 16, '2026-11-20', [[SKU, 7]]),
      receipt('Sale', 17, '2026-11-20', [[SKU, 1]]),
    ];
    office.closed = new Set(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']);
  });
  afterEach(() => feed.stop());

  it('counts sales and pickup handovers less returns to stock after the posted day; damaged returns do not count', async () => {
    await start();
    expect(await feed.unpostedSales('101', SKU, '2026-11-18')).toBe(2 - 1 + 7 + 1);
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 1);
    expect(await feed.unpostedSales('101', SKU, '2026-11-20')).toBe(0);
    expect(await feed.unpostedSales('101', OTHER, '2026-11-17')).toBe(1);
    // Null: the ERP has booked nothing for the store, so every followed day counts.
    expect(await feed.unpostedSales('101', SKU, null)).toBe(3 + 2 - 1 + 7 + 1);
  });

  it('starts reading the feed after the last receipt of the newest closed day', async () => {
    await start();
    expect(office.readFrom[0]).toBe(15);
  });

  it('keeps counting what the tills ring up next, and each receipt once', async () => {
    await start();
    office.receipts.push(receipt('Sale', 18, '2026-11-20', [[SKU, 2]]));
    await feed.poll();
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 3);
  });

  it('picks up a late receipt from an offline till once its day is closed, without counting the rest twice', async () => {
    await start();
    office.receipts.push(receipt('Sale', 9, '2026-11-20', [[SKU, 4]]));
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 1);
    office.closed.add('2026-11-20');
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 5);
  });

  it('knows the returns rung up in its window, and from which day that list is complete', async () => {
    await start();
    expect(
      feed
        .returnsOf('101-1-12-2026-11-18')
        .map((r) => r.key)
        .sort(),
    ).toEqual(['101-1-14-2026-11-19', '101-1-15-2026-11-19']);
    expect(feed.returnsCompleteFrom()).toBe('2026-11-18');
  });

  it('lets days leave the window as time passes', async () => {
    await start();
    now = new Date('2026-11-21T03:30:00Z');
    await feed.poll();
    expect(await feed.unpostedSales('101', OTHER, null)).toBe(0);
    expect(feed.returnsOf('101-1-12-2026-11-18')).toHaveLength(2);
    now = new Date('2026-11-22T03:30:00Z');
    await feed.poll();
    expect(feed.returnsOf('101-1-12-2026-11-18')).toEqual([]);
  });

  it('answers 0 for a plant the POS has no store for', async () => {
    await start();
    expect(await feed.unpostedSales('999', SKU, null)).toBe(0);
  });

  it('refuses figures while it cannot catch up for longer than allowed, naming the POS', async () => {
    await start();
    office.down = true;
    now = new Date(now.getTime() + 5_000);
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 1);
    now = new Date(now.getTime() + 10_000);
    await feed.poll();
    await expect(feed.unpostedSales('101', SKU, '2026-11-19')).rejects.toMatchObject({ extensions: { code: 'POS_UNAVAILABLE' } });
    expect(feed.returnsCompleteFrom()).toBeNull();
    office.down = false;
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 1);
  });

  it('becomes ready even when the POS is down at start, and says so until it has caught up', async () => {
    office.down = true;
    await start();
    await expect(feed.unpostedSales('101', SKU, null)).rejects.toThrow('The pos system is unavailable');
    office.down = false;
    await feed.poll();
    expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(7 + 1);
  });

  describe('when the ERP is far behind', () => {
    /** Closed days from `first` to `last` with one sale of `units` each, sequence numbers after 1000. */
    const closedDaysWithSales = (first: string, last: string, units: number) => {
      let sequence = 1000;
      for (let day = first; day <= last; day = addDays(day, 1)) {
        office.receipts.push(receipt('Sale', (sequence += 1), day, [[SKU, units]]));
        office.closed.add(day);
      }
    };
    const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

    beforeEach(() => {
      // Today is 2026-12-20; every day from 2025-11-01 to yesterday is closed with one unit sold.
      now = new Date('2026-12-20T03:30:00Z');
      office.receipts = [];
      office.closed = new Set();
      closedDaysWithSales('2025-11-01', '2026-12-19', 1);
      office.receipts.push(receipt('Sale', 5000, '2026-12-20', [[SKU, 3]]));
    });

    it('counts every closed day after the booked one, 30 or 400 days back, reading each batch once', async () => {
      await start(7);
      const readAtStart = office.batchesRead.length;
      expect(readAtStart).toBeLessThan(12);
      for (const lag of [30, 400]) {
        const postedThrough = addDays('2026-12-19', -lag);
        expect(await feed.unpostedSales('101', SKU, postedThrough)).toBe(lag + 3);
      }
      // Each of the 400 days before the window's 7 once: the 30-day backlog was widened, not read again.
      const backlogReads = office.batchesRead.slice(readAtStart);
      expect(new Set(backlogReads).size).toBe(backlogReads.length);
      expect(backlogReads.length).toBe(400 - 7);
      // Asked again, it reads nothing.
      expect(await feed.unpostedSales('101', SKU, addDays('2026-12-19', -400))).toBe(403);
      expect(office.batchesRead.length).toBe(readAtStart + 393);
    });

    it('takes out the days the ERP books, and takes over the days that leave the window', async () => {
      await start(7);
      expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(30 + 3);
      const before = office.batchesRead.length;
      // The ERP books five more days: five batches are read again to take them out.
      expect(await feed.unpostedSales('101', SKU, '2026-11-24')).toBe(25 + 3);
      expect(office.batchesRead.length - before).toBe(5);
      // A day later the window moves on: the day it leaves goes into the backlog, and the 20th is closed.
      now = new Date('2026-12-21T03:30:00Z');
      office.closed.add('2026-12-20');
      await feed.poll();
      expect(await feed.unpostedSales('101', SKU, '2026-11-24')).toBe(25 + 3);
      // Booked through yesterday: nothing before the window counts any more.
      expect(await feed.unpostedSales('101', SKU, '2026-12-20')).toBe(0);
    });

    it('never double counts under concurrent requests naming different booked days', async () => {
      await start(7);
      const answers = await Promise.all([
        feed.unpostedSales('101', SKU, '2026-11-19'),
        feed.unpostedSales('101', SKU, '2026-10-19'),
        feed.unpostedSales('101', SKU, '2026-11-19'),
      ]);
      expect(answers).toEqual([33, 64, 33]);
    });

    it('counts an open day that lies before the window, from the feed', async () => {
      // The npm start case: the world was seeded 16 days ago; its last day was never closed.
      now = new Date('2026-12-06T03:30:00Z');
      office.receipts = [];
      office.closed = new Set();
      closedDaysWithSales('2026-10-01', '2026-11-19', 1);
      office.receipts.push(receipt('Sale', 2000, '2026-11-20', [[SKU, 4]]));
      await start(7);
      expect(daysBetween('2026-11-20', '2026-12-06')).toBeGreaterThan(7);
      expect(await feed.unpostedSales('101', SKU, '2026-11-19')).toBe(4);
      expect(await feed.unpostedSales('101', SKU, '2026-11-09')).toBe(10 + 4);
    });
  });
});
