import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { feedRelayFromEnv, PosClient, SalesFeed, salesFeedOptionsFromEnv, StoreDirectory } from '../../connectors/pos';
import { clockFromEnv } from '../../lib/clock';
import { feedLeasesFromEnv, type FeedLeases } from '../../lib/leases';
import type { World } from '../../legacy/seed/model';
import { startSystem, type RunningSystem } from '../../scripts/system';
import { eventually } from './eventually';
import { QUIET_FOLLOWERS } from './quiet-marketplace';

/**
 * For tests of feeds read by one replica for all (lib/feed-relay.ts): replicas on the real PostgreSQL
 * leases and NATS, the reads a stand-in counts over a window, and the reader stopped.
 */

/** Leases and a broker shared by the replicas, apart from any other run's (`namespace`). */
export const sharedFeedEnv = (namespace: string) => ({
  FEED_LEASES_URL: 'postgres://postgres@127.0.0.1:5432/test',
  FEED_LEASES_RETRY_MS: '200',
  EVENTS_NATS_URL: 'nats://127.0.0.1:4222',
  EVENTS_NAMESPACE: namespace,
});

/** The calls of one operation a stand-in answers while `ms` pass. */
export async function callsOver(standIn: FastifyInstance, operation: string, ms: number): Promise<number> {
  const calls = () => standIn.legacy.calls.snapshot().byOperation[operation] ?? 0;
  const before = calls();
  await new Promise((done) => setTimeout(done, ms));
  return calls() - before;
}

/** Reads made over `windowMs` by one reader every `everyMs`, `perRound` a round: bounds that two readers exceed. */
export function oneReadersBounds(windowMs: number, everyMs: number, perRound: number): [number, number] {
  return [3 * perRound, (windowMs / everyMs + 3) * perRound];
}

/** Stops whichever replica holds `lease`: one of the test's (taken out of the list), or else the system's subgraph. */
export async function stopTheReader<R extends { leases: FeedLeases; stop(): Promise<void> }>(
  replicas: R[],
  lease: string,
  subgraph: FastifyInstance,
): Promise<void> {
  const reader = replicas.findIndex((one) => one.leases.held().includes(lease));
  if (reader >= 0) await replicas.splice(reader, 1)[0].stop();
  else await subgraph.close();
  // The lease is taken over within FEED_LEASES_RETRY_MS.
  await new Promise((done) => setTimeout(done, 1_000));
}

/** The system's pos subgraph alone, its till feed read every `pollMs` under the shared leases (it starts first, so it reads). */
export function startPosSharingTheFeed(
  world: World,
  namespace: string,
  pollMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningSystem> {
  return startSystem({
    world,
    subgraphs: ['pos'],
    env: { LOG_LEVEL: 'silent', ...QUIET_FOLLOWERS, ...sharedFeedEnv(namespace), POS_FEED_POLL_MS: String(pollMs), ...env },
  });
}

/** A follower of the tills' feed, as a commerce or a marketplace replica keeps one, with the env's leases and broker. */
export interface TillFollower {
  feed: SalesFeed;
  leases: FeedLeases;
  stop(): Promise<void>;
}

export async function startTillFollower(env: NodeJS.ProcessEnv, log: Logger): Promise<TillFollower> {
  const client = PosClient.fromEnv(env);
  const leases = feedLeasesFromEnv(env, log);
  const feed = new SalesFeed(client, new StoreDirectory(client, 60_000), log, {
    ...salesFeedOptionsFromEnv(env),
    now: clockFromEnv(env),
    relay: feedRelayFromEnv(env, leases, log),
  });
  await feed.ready;
  return {
    feed,
    leases,
    stop: async () => {
      feed.stop();
      await leases.close();
    },
  };
}

/**
 * Rings up a sale of `quantity` × `sku` at a store's till (at `ringUpAt`, the store's local time),
 * and answers what each follower counts of the SKU there, once all count it (or 15 s passed).
 */
export async function ringUpAndCount(
  env: NodeJS.ProcessEnv,
  followers: TillFollower[],
  sale: { retailStoreId: string; sku: string; quantity: number; ringUpAt: string },
): Promise<{ wanted: number[]; counted: number[] }> {
  const counted = () => Promise.all(followers.map((one) => one.feed.unpostedSales(sale.retailStoreId, sale.sku, null)));
  const wanted = (await counted()).map((units) => units + sale.quantity);
  await PosClient.fromEnv(env).postTransaction({
    kind: 'Sale',
    retailStoreId: sale.retailStoreId,
    workstationId: 1,
    operatorId: 'NV01',
    beginDateTime: sale.ringUpAt,
    lines: [{ sku: sale.sku, quantity: sale.quantity, unitPrice: 10_000n }],
  });
  return { wanted, counted: await eventually(counted, (units) => units.every((unit, i) => unit === wanted[i])) };
}
