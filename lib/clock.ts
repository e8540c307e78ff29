/**
 * Business time for every piece of Omnigraph and its stand-ins: what "today", "now", "open since"
 * and "placed at" mean. It is the wall clock, shifted by OMNIGRAPH_CLOCK_OFFSET_MS when that is set,
 * so a whole system (stand-ins, subgraphs, gateway, in one process or several) can run at the moment
 * a seeded world describes while time still moves. Durations (timeouts, TTLs) may use the wall
 * clock directly: a shift does not change them.
 */
export type Clock = () => Date;

export const CLOCK_OFFSET_ENV = 'OMNIGRAPH_CLOCK_OFFSET_MS';

/** How far business time is from the wall clock, as OMNIGRAPH_CLOCK_OFFSET_MS says (0 when unset). */
export function clockOffsetFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env[CLOCK_OFFSET_ENV];
  if (given === undefined || given === '') return 0;
  const offsetMs = Number(given);
  if (!Number.isFinite(offsetMs)) throw new Error(`${CLOCK_OFFSET_ENV} must be a number of milliseconds`);
  return offsetMs;
}

/** The clock the environment names: the wall clock, or the wall clock shifted by OMNIGRAPH_CLOCK_OFFSET_MS. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const offsetMs = clockOffsetFromEnv(env);
  return offsetMs === 0 ? () => new Date() : () => new Date(Date.now() + offsetMs);
}

/** The environment setting that makes clockFromEnv read `instant` now and run on from there. */
export function clockStartingAt(instant: Date): Record<typeof CLOCK_OFFSET_ENV, string> {
  return { [CLOCK_OFFSET_ENV]: String(instant.getTime() - Date.now()) };
}
