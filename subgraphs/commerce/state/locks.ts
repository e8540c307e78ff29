/**
 * In-process keyed locks. They alone make the embedded store exclusive (it serves one replica by
 * design), and they sit in front of PostgreSQL's advisory locks so one replica queues its own
 * callers in memory instead of parking a pooled connection per waiter on the same key.
 */

/** The order every caller takes its locks in: sorted and without repeats, so no two callers deadlock. */
export function lockOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

export class KeyedLock {
  /** Per key, the promise that settles when the last queued holder releases it. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding every key (not re-entrant: a holder asking again for its own key waits forever). */
  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of lockOrder(keys)) releases.push(await this.acquire(key));
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => held);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // The last holder leaves no entry behind, so the map only grows with keys in contention.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
