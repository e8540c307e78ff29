import { LRUCache } from 'lru-cache';
import type { RequestContext } from './context';

/** Long enough for the rest of a gateway request (its subgraph calls time out long before), short enough that nothing goes stale in use. */
export const REQUEST_MEMORY_MS = 30_000;

/**
 * What one gateway request read in one subgraph call, kept for the later calls the gateway makes
 * to the same subgraph within that request, so they need not read it from the legacy system again.
 * Nothing outlives the request by more than `keptForMs`.
 *
 * Kept per request id AND caller, both signed by the gateway. A client may choose its request id:
 * another caller reusing it never reaches what is kept, and the same caller reaching it again sees
 * only what its own earlier call read. `capacity` bounds the total weight kept (orders, lookups);
 * the least recently used requests go first (lru-cache, with its TTL per request).
 */
export class RequestMemory<T> {
  private readonly requests: LRUCache<string, { value: T }>;

  constructor(capacity: number, keptForMs = REQUEST_MEMORY_MS, now: () => number = Date.now) {
    // ttlResolution 0: every look asks the clock. lru-cache keeps an entry while its age is at most
    // ttl; what a request keeps is gone once keptForMs have passed.
    this.requests = new LRUCache({ maxSize: capacity, ttl: keptForMs - 1, ttlResolution: 0, perf: { now } });
  }

  /** Adds to what this request keeps (made by `fresh` on first use); `weigh` says how much it holds now. */
  keep(request: Pick<RequestContext, 'requestId' | 'caller'>, fresh: () => T, add: (value: T) => void, weigh: (value: T) => number): void {
    const key = keyOf(request);
    const kept = this.requests.get(key) ?? { value: fresh() };
    add(kept.value);
    // Its time runs from the first keep; a weight above the capacity is not kept at all.
    this.requests.set(key, kept, { size: Math.max(1, weigh(kept.value)), noUpdateTTL: true });
  }

  /** What this request keeps, if anything. */
  recall(request: Pick<RequestContext, 'requestId' | 'caller'>): T | undefined {
    return this.requests.get(keyOf(request))?.value;
  }
}

function keyOf(request: Pick<RequestContext, 'requestId' | 'caller'>): string {
  return JSON.stringify([request.requestId, request.caller]);
}
