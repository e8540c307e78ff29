import type { FastifyInstance } from 'fastify';
import type { FeedLeases } from '../../lib/leases';

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
