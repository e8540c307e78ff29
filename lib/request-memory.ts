import type { RequestContext } from './context';

/** Long enough for the rest of a gateway request (its subgraph calls time out long before), short enough that nothing goes stale in use. */
export const REQUEST_MEMORY_MS = 30_000;

interface Kept<T> {
  until: number;
  value: T;
  weight: number;
}

/**
 * What one gateway request read in one subgraph call, kept for the later calls the gateway makes
 * to the same subgraph within that request, so they need not read it from the legacy system again.
 * Nothing outlives the request by more than `keptForMs`.
 *
 * Kept per request id AND caller, both signed by the gateway. A client may choose its request id:
 * another caller reusing it never reaches what is kept, and the same caller reaching it again sees
 * only what its own earlier call read. `capacity` bounds the total weight kept (orders, lookups);
 * the oldest requests go first.
 */
export class RequestMemory<T> {
  /** In the order requests were first kept, which is also the order they expire in. */
  private readonly requests = new Map<string, Kept<T>>();
  private held = 0;

  constructor(
    private readonly capacity: number,
    private readonly keptForMs = REQUEST_MEMORY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds to what this request keeps (made by `fresh` on first use); `weigh` says how much it holds now. */
  keep(request: Pick<RequestContext, 'requestId' | 'caller'>, fresh: () => T, add: (value: T) => void, weigh: (value: T) => number): void {
    this.expire();
    const key = keyOf(request);
    let kept = this.requests.get(key);
    if (!kept) {
      kept = { until: this.now() + this.keptForMs, value: fresh(), weight: 0 };
      this.requests.set(key, kept);
    }
    add(kept.value);
    const weight = weigh(kept.value);
    this.held += weight - kept.weight;
    kept.weight = weight;
    this.expire();
  }

  /** What this request keeps, if anything. */
  recall(request: Pick<RequestContext, 'requestId' | 'caller'>): T | undefined {
    this.expire();
    return this.requests.get(keyOf(request))?.value;
  }

  private expire(): void {
    const now = this.now();
    for (const [key, kept] of this.requests) {
      if (kept.until > now && this.held <= this.capacity) break;
      this.requests.delete(key);
      this.held -= kept.weight;
    }
  }
}

function keyOf(request: Pick<RequestContext, 'requestId' | 'caller'>): string {
  return JSON.stringify([request.requestId, request.caller.id, request.caller.roles]);
}
