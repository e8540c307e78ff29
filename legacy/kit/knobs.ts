/**
 * Behaviour knobs: the faults a real legacy system shows in production, off by default.
 * Set from the environment at start (`<SYSTEM>_LATENCY_MS`, ...) or through `PUT /__admin/knobs`.
 */
export interface Knobs {
  /** Fixed delay added to every call. */
  latencyMs: number;
  /** Uniform random extra delay in [-jitterMs, +jitterMs], never below zero in total. */
  jitterMs: number;
  /** Share of calls (0..1) answered with the system's own internal-error response. */
  errorRate: number;
  /** Share of calls (0..1) that never get an answer until the caller gives up. */
  hangRate: number;
  /** The system is down: every call gets 503. */
  down: boolean;
  /** Calls per second the system accepts before answering 429 with Retry-After; 0 means no limit. */
  rateLimitPerSecond: number;
  /**
   * Operations (as the call counter names them) that `down`, `errorRate` and `hangRate` hit; empty
   * means every call. Lets a test fail one step of a multi-step flow, as a single broken endpoint does.
   */
  faultOperations: string[];
}

export const KNOBS_OFF: Readonly<Knobs> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  hangRate: 0,
  down: false,
  rateLimitPerSecond: 0,
  faultOperations: [],
});

const ENV_NAMES: Record<keyof Knobs, string> = {
  latencyMs: 'LATENCY_MS',
  jitterMs: 'JITTER_MS',
  errorRate: 'ERROR_RATE',
  hangRate: 'HANG_RATE',
  down: 'DOWN',
  rateLimitPerSecond: 'RATE_LIMIT_RPS',
  faultOperations: 'FAULT_OPERATIONS',
};

export class KnobError extends Error {}

/** Validates a partial knob update; throws KnobError naming the offending knob. */
export function parseKnobs(input: unknown): Partial<Knobs> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new KnobError('knobs must be a JSON object');
  }
  const out: Partial<Knobs> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'down':
        if (typeof value !== 'boolean') throw new KnobError('down must be true or false');
        out.down = value;
        break;
      case 'errorRate':
      case 'hangRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new KnobError(`${key} must be a number from 0 to 1`);
        out[key] = value;
        break;
      case 'latencyMs':
      case 'jitterMs':
      case 'rateLimitPerSecond':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new KnobError(`${key} must be a number >= 0`);
        out[key] = value;
        break;
      case 'faultOperations':
        if (!Array.isArray(value) || !value.every((name) => typeof name === 'string'))
          throw new KnobError('faultOperations must be a list of operation names');
        out.faultOperations = value as string[];
        break;
      default:
        throw new KnobError(`unknown knob ${key}`);
    }
  }
  return out;
}

/** Reads `<PREFIX>_LATENCY_MS`, `<PREFIX>_JITTER_MS`, ... falling back to `LEGACY_*` for all systems at once. */
export function knobsFromEnv(prefix: string, env: NodeJS.ProcessEnv = process.env): Knobs {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[`${prefix}_${name}`] ?? env[`LEGACY_${name}`];
    if (value === undefined || value === '') continue;
    raw[key] =
      key === 'down' ? value === 'true' || value === '1' : key === 'faultOperations' ? value.split(',').filter(Boolean) : Number(value);
  }
  return { ...KNOBS_OFF, ...parseKnobs(raw) };
}

/** The delay this call gets: base plus symmetric jitter, clamped at zero. */
export function delayFor(knobs: Knobs, random: () => number = Math.random): number {
  const jitter = knobs.jitterMs === 0 ? 0 : (random() * 2 - 1) * knobs.jitterMs;
  return Math.max(0, knobs.latencyMs + jitter);
}

/**
 * A token bucket over the whole system (not per caller), as an API gateway in front of the
 * real product applies it. Returns 0 when the call may go on, else the seconds to wait.
 */
export class RateLimiter {
  private tokens = 0;
  private last = 0;
  private rate = 0;

  take(ratePerSecond: number, now: number = Date.now()): number {
    if (ratePerSecond <= 0) return 0;
    if (ratePerSecond !== this.rate) {
      this.rate = ratePerSecond;
      this.tokens = ratePerSecond;
      this.last = now;
    }
    this.tokens = Math.min(ratePerSecond, this.tokens + ((now - this.last) / 1000) * ratePerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / ratePerSecond));
  }
}
