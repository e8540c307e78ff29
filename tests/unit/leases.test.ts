import { Client } from 'pg';
import pino from 'pino';
import { feedLeasesFromEnv, leaseLockId, PostgresLeases, ProcessLeases, type FeedLeases } from '../../lib/leases';
import { eventually } from '../support/eventually';

/**
 * Feed leases on the real PostgreSQL: two replicas (two sessions) following one feed, one at a time;
 * the lease moves when its holder's session dies or gives it back.
 */

const URL = 'postgres://postgres@127.0.0.1:5432/test';
const log = pino({ level: 'silent' });

/** A replica's view of one feed: whether it follows now, and how often it was told to start. */
function feedOf() {
  const seen = { following: false, leads: 0, standDowns: 0 };
  return {
    seen,
    feed: {
      lead: () => {
        seen.following = true;
        seen.leads += 1;
      },
      standDown: () => {
        seen.following = false;
        seen.standDowns += 1;
      },
    },
  };
}

/** The backend holding the feed's advisory lock: a 64-bit key is split into classid (high) and objid (low). */
async function holderPid(feed: string): Promise<number | null> {
  const id = BigInt(leaseLockId('omnigraph', feed));
  const unsigned = BigInt.asUintN(64, id);
  const client = new Client({ connectionString: URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::bigint AND objid = $2::bigint AND objsubid = 1`,
      [(unsigned >> 32n).toString(), (unsigned & 0xffffffffn).toString()],
    );
    return rows[0]?.pid ?? null;
  } finally {
    await client.end();
  }
}

async function terminate(pid: number): Promise<void> {
  const client = new Client({ connectionString: URL });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await client.end();
  }
}

describe('feed leases', () => {
  const open: FeedLeases[] = [];
  const replica = () => {
    const leases = new PostgresLeases(URL, log, 200);
    open.push(leases);
    return leases;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((leases) => leases.close()));
  });

  it('lets one replica of two follow a feed', async () => {
    const feed = `one-of-two-${process.pid}-${Date.now()}`;
    const [a, b] = [feedOf(), feedOf()];
    replica().follow(feed, a.feed);
    replica().follow(feed, b.feed);
    await eventually(
      async () => a.seen.following || b.seen.following,
      (following) => following,
      5,
    );
    // Several retry rounds later, still one.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect([a.seen.following, b.seen.following].filter(Boolean)).toHaveLength(1);
    expect(a.seen.leads + b.seen.leads).toBe(1);
    expect(await holderPid(feed)).not.toBeNull();
  });

  it('leases apart for two deployments on one database (their EVENTS_NAMESPACE)', async () => {
    const feed = `two-deployments-${process.pid}-${Date.now()}`;
    const [a, b] = [feedOf(), feedOf()];
    const other = new PostgresLeases(URL, log, 200, 'another-deployment');
    open.push(other);
    replica().follow(feed, a.feed);
    other.follow(feed, b.feed);
    await eventually(
      async () => a.seen.following && b.seen.following,
      (both) => both,
      5,
    );
    expect([a.seen.leads, b.seen.leads]).toEqual([1, 1]);
  });

  it('stands the holder down when its session dies, and one replica follows again', async () => {
    const feed = `holder-session-dies-${process.pid}-${Date.now()}`;
    const first = feedOf();
    replica().follow(feed, first.feed);
    await eventually(
      async () => first.seen.following,
      (following) => following,
      5,
    );
    const second = feedOf();
    replica().follow(feed, second.feed);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.seen.following).toBe(false);

    // The holder's session ends as a dead replica's would: the server drops it. Its locks are free at
    // once; the holder stops following, and whichever replica asks next (the holder reconnecting,
    // or the other) takes the feed.
    await terminate((await holderPid(feed))!);
    expect(
      await eventually(
        async () => first.seen.standDowns,
        (standDowns) => standDowns === 1,
        5,
      ),
    ).toBe(1);
    await eventually(
      async () => first.seen.following || second.seen.following,
      (following) => following,
      5,
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect([first.seen.following, second.seen.following].filter(Boolean)).toHaveLength(1);
    expect(first.seen.leads + second.seen.leads).toBe(2);
    expect(await holderPid(feed)).not.toBeNull();
  });

  it('hands the feed over when the holder closes (a replica shut down)', async () => {
    const feed = `holder-closes-${process.pid}-${Date.now()}`;
    const first = feedOf();
    const holder = replica();
    holder.follow(feed, first.feed);
    await eventually(
      async () => first.seen.following,
      (following) => following,
      5,
    );
    const second = feedOf();
    replica().follow(feed, second.feed);
    await holder.close();
    expect(first.seen.following).toBe(false);
    expect(
      await eventually(
        async () => second.seen.following,
        (following) => following,
        5,
      ),
    ).toBe(true);
  });

  it('follows every feed in one process without FEED_LEASES_URL, and refuses a URL that is not PostgreSQL', async () => {
    const leases = feedLeasesFromEnv({}, log);
    expect(leases).toBeInstanceOf(ProcessLeases);
    const { seen, feed } = feedOf();
    leases.follow('alone', feed);
    expect(seen.following).toBe(true);
    expect(leases.held()).toEqual(['alone']);
    await leases.close();
    expect(seen.following).toBe(false);
    expect(() => feedLeasesFromEnv({ FEED_LEASES_URL: 'redis://127.0.0.1:6379' }, log)).toThrow(/postgres/);
  });
});
