/**
 * A value every request shares, such as master data a legacy system changes rarely: read again
 * once it is `ttlMs` old, with one read at a time however many requests find it stale. With
 * `keepLast`, a failed refresh serves the last value read (and says so through `onStale`) rather
 * than failing; the next request tries again.
 */
export class SharedRead<T> {
  private cached: { value: T; readAt: number } | null = null;
  private reading: Promise<T> | null = null;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: { ttlMs: number; keepLast: boolean; onStale?: (error: unknown) => void; clock?: () => number },
  ) {}

  current(): Promise<T> {
    const clock = this.options.clock ?? Date.now;
    if (this.cached && clock() - this.cached.readAt < this.options.ttlMs) return Promise.resolve(this.cached.value);
    this.reading ??= this.read()
      .then(
        (value) => {
          this.cached = { value, readAt: clock() };
          return value;
        },
        (error: unknown) => {
          if (!this.options.keepLast || !this.cached) throw error;
          this.options.onStale?.(error);
          return this.cached.value;
        },
      )
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
