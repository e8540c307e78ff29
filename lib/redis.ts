import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long a service waits at start for Redis before going on without it until it answers. */
const START_WAIT_MS = 2_000;

export interface SharedRedisOptions {
  /** A command that takes longer fails, and the caller's fallback answers. */
  commandTimeoutMs: number;
  /** Logged once when Redis goes away, and once when it is back: what happens meanwhile. */
  whileDown: string;
  whenBack: string;
}

/**
 * Redis for state shared by replicas (partner counters, the entity cache), for callers that have a
 * fallback: commands are never queued while it is away but fail at once, and its going and coming
 * back are logged once each, not at every reconnect attempt. `ready` settles when it first answers,
 * or after two seconds without it.
 */
export function sharedRedis(url: string, log: Logger, options: SharedRedisOptions): { redis: Redis; ready: Promise<void> } {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    // Closing waits this long at most for a connection that is already gone (ioredis's default is 2 s).
    disconnectTimeout: options.commandTimeoutMs,
  });
  let up: boolean | undefined;
  redis.on('ready', () => {
    if (up === false) log.info(options.whenBack);
    up = true;
  });
  redis.on('error', (error: Error) => {
    if (up !== false) log.error({ err: error }, options.whileDown);
    up = false;
  });
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, START_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { redis, ready };
}
