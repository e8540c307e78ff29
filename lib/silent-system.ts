/**
 * Tells a hung legacy system from a slow call, sooner than a timeout can. A system that accepts
 * connections and never answers costs every caller its whole timeout, and the breaker only hears
 * of it when those timeouts end; so a read used to wait 1.5 s, often twice, before the first typed
 * error. Here a system that has answered nothing at all for `silenceMs` while at least
 * `MIN_SILENT_ATTEMPTS` attempts waited that long is judged silent, and the reads among those
 * attempts are cut short: each fails as a timeout (which the breaker counts) and is not retried,
 * since a silent system will not answer a retry either.
 *
 * One slow call alone is never judged (a big page may take its time), nor is a system that keeps
 * answering other calls meanwhile: that is Resilience4j's slow-call judgement applied to attempts
 * still waiting, with silence as the evidence rather than a duration.
 */

/** Attempts that must have waited a whole silence before the system is judged silent. */
export const MIN_SILENT_ATTEMPTS = 2;

export interface WatchedAttempt {
  readonly startedAt: number;
  /** Cuts the attempt short; absent for writes, which keep their own timeout (their outcome would be unknown). */
  readonly cut?: () => void;
}

export class SilenceWatch {
  private readonly waiting = new Set<WatchedAttempt>();
  private lastAnswerAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly silenceMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** An attempt was sent; returns what to call when it ends, with whether the system answered it. */
  started(attempt: Omit<WatchedAttempt, 'startedAt'>): (answered: boolean) => void {
    const watched: WatchedAttempt = { ...attempt, startedAt: this.now() };
    this.waiting.add(watched);
    if (this.timer === undefined) this.schedule(this.silenceMs);
    return (answered) => {
      this.waiting.delete(watched);
      if (answered) this.lastAnswerAt = this.now();
    };
  }

  private schedule(delayMs: number): void {
    // The judgement runs after the event loop has read what arrived meanwhile (setImmediate runs
    // after the poll phase): a process that was itself blocked must not take its own delay in
    // reading an answer for the system's silence.
    this.timer = setTimeout(() => setImmediate(() => this.judge()), Math.max(1, delayMs));
    this.timer.unref();
  }

  private judge(): void {
    this.timer = undefined;
    const now = this.now();
    const since = now - this.silenceMs;
    const waiting = [...this.waiting];
    const silent = waiting.filter((attempt) => attempt.startedAt <= since);
    if (this.lastAnswerAt <= since && silent.length >= MIN_SILENT_ATTEMPTS) for (const attempt of silent) attempt.cut?.();
    // With fewer attempts waiting, the next one's start schedules the judgement. Otherwise next when
    // enough of them have waited a whole silence since the last answer; no sooner than a quarter of
    // one, so writes left waiting (never cut) are looked at a few times, not in a loop.
    if (waiting.length < MIN_SILENT_ATTEMPTS) return;
    const next = Math.max(this.lastAnswerAt, waiting[MIN_SILENT_ATTEMPTS - 1].startedAt) + this.silenceMs;
    this.schedule(Math.max(next - now, this.silenceMs / 4));
  }
}
