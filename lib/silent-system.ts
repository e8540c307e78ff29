/**
 * Tells a hung legacy system from a slow call, sooner than a timeout can. A system that accepts
 * connections and never answers costs every caller its whole timeout, and the breaker only hears
 * of it when those timeouts end; so a read used to wait 1.5 s, often twice, before the first typed
 * error. Here an attempt is silent once it has waited its operation's patience, and the system has
 * answered nothing at all for as long; once at least `MIN_SILENT_ATTEMPTS` are, the reads among them
 * are cut short: each fails as a timeout (which the breaker counts) and is not retried, since a
 * silent system will not answer a retry either.
 *
 * An operation's patience is `silenceMs`, or twice the 95th percentile of its last answers when
 * that is longer: a system's big pages are judged by their own pace, not its quick lookups', and a
 * rare slow answer among quick ones does not stretch it. An operation never answered is never judged
 * (its pace is unknown), nor is one slow call alone, nor a system that keeps answering other calls
 * meanwhile: Resilience4j's slow-call judgement, applied to attempts still waiting, with silence as
 * the evidence.
 */

/** Attempts that must be silent at once before the system is judged silent. */
export const MIN_SILENT_ATTEMPTS = 2;
/** The answers an operation's pace is taken from: its last this many. */
const PACE_ANSWERS = 64;

export interface WatchedAttempt {
  /** The call's bounded name (its metric label): whose pace judges it. */
  readonly operation: string;
  /** Cuts the attempt short; absent for writes, which keep their own timeout (their outcome would be unknown). */
  readonly cut?: () => void;
}

interface Waiting extends WatchedAttempt {
  readonly startedAt: number;
  /** How long it may wait in silence; Infinity while its operation's pace is unknown. */
  readonly patienceMs: number;
}

/** An operation's last answers' durations (a ring) and the patience they give. */
interface Pace {
  durations: number[];
  next: number;
  patienceMs: number;
}

export class SilenceWatch {
  private readonly waiting = new Set<Waiting>();
  private readonly paces = new Map<string, Pace>();
  private lastAnswerAt = -Infinity;
  private timer: { cancel(): void } | undefined;

  constructor(
    readonly silenceMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How long an attempt of `operation` may wait in silence: Infinity while its pace is unknown. */
  patienceOf(operation: string): number {
    return this.paces.get(operation)?.patienceMs ?? Infinity;
  }

  /** An attempt was sent; returns what to call when it ends, with whether the system answered it. */
  started(attempt: WatchedAttempt): (answered: boolean) => void {
    const waiting: Waiting = { ...attempt, startedAt: this.now(), patienceMs: this.patienceOf(attempt.operation) };
    this.waiting.add(waiting);
    if (this.timer === undefined && Number.isFinite(waiting.patienceMs)) this.schedule(waiting.patienceMs);
    return (answered) => {
      this.waiting.delete(waiting);
      if (answered) this.answered(attempt.operation, this.now() - waiting.startedAt);
    };
  }

  /**
   * Runs `cut` once an attempt of `operation` has waited its patience, unless cancelled first (the
   * returned function); later when this process itself was stalled meanwhile (timerDue). None while
   * the operation's pace is unknown.
   */
  cutAfter(cut: () => void, operation: string): (() => void) | undefined {
    const patience = this.patienceOf(operation);
    return Number.isFinite(patience) ? timerDue(patience, this.silenceMs / 4, this.now, cut).cancel : undefined;
  }

  private answered(operation: string, tookMs: number): void {
    this.lastAnswerAt = this.now();
    let pace = this.paces.get(operation);
    if (!pace) this.paces.set(operation, (pace = { durations: [], next: 0, patienceMs: Infinity }));
    pace.durations[pace.next] = tookMs;
    pace.next = (pace.next + 1) % PACE_ANSWERS;
    // Taken again every eighth answer once there are a few: a sort per legacy answer would cost the hot path.
    if (pace.durations.length > 8 && pace.next % 8 !== 0) return;
    const sorted = [...pace.durations].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
    pace.patienceMs = Math.max(this.silenceMs, 2 * p95);
  }

  private schedule(delayMs: number): void {
    this.timer = timerDue(delayMs, this.silenceMs / 4, this.now, () => this.judge());
  }

  private judge(): void {
    this.timer = undefined;
    const now = this.now();
    const waiting = [...this.waiting].filter((attempt) => Number.isFinite(attempt.patienceMs));
    const silent = waiting.filter(
      (attempt) => now - attempt.startedAt >= attempt.patienceMs && now - this.lastAnswerAt >= attempt.patienceMs,
    );
    if (silent.length >= MIN_SILENT_ATTEMPTS) for (const attempt of silent) attempt.cut?.();
    // With fewer judged attempts waiting, the next one's start schedules the judgement. Otherwise
    // when the next of them may turn silent; no sooner than a quarter of the silence, so writes
    // left waiting (never cut) are looked at a few times, not in a loop.
    if (waiting.length < MIN_SILENT_ATTEMPTS) return;
    const next = Math.min(
      ...waiting
        .filter((attempt) => !silent.includes(attempt))
        .map((attempt) => Math.max(attempt.startedAt, this.lastAnswerAt) + attempt.patienceMs),
    );
    this.schedule(Math.max((Number.isFinite(next) ? next : now + this.silenceMs) - now, this.silenceMs / 4));
  }
}

/**
 * A timer for `ms` that runs `then` after the event loop has read what arrived meanwhile
 * (setImmediate runs after the poll phase), and, when it fired more than `slackMs` late (this
 * process was itself stalled: a busy start, a long collection), waits `slackMs` more first: a
 * request stuck in our own process, or an answer not yet read, must not count as the system's
 * silence.
 */
function timerDue(ms: number, slackMs: number, now: () => number, then: () => void): { cancel(): void } {
  let cancelled = false;
  let timer: NodeJS.Timeout;
  const arm = (delay: number) => {
    const due = now() + delay;
    timer = setTimeout(
      () => {
        if (now() - due > slackMs) return arm(slackMs);
        setImmediate(() => cancelled || then());
      },
      Math.max(1, delay),
    );
    timer.unref();
  };
  arm(ms);
  return {
    cancel: () => {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
