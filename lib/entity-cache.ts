import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { eventBus, type DomainEvent } from './events';
import { currentObserver, eventLagSeconds, type ServiceObserver } from './metrics';
import { sharedRedis } from './redis';

/**
 * An entity cache for read-mostly legacy records (the catalogue and its prices, the ERP's stock
 * figures, customers' CRM partner records): keyed by type and id, each type with its own lifetime,
 * dropped by the domain events that say a record changed (docs/EVENTS.md). In this process's memory by default; in Redis when
 * ENTITY_CACHE_REDIS_URL (or REDIS_URL) names one, so every replica shares one copy and an
 * invalidation deletes it for all of them.
 *
 * It holds a legacy system's records, never answers: a subgraph reads through it below its access
 * rules, so the row rules still run on every request for every caller. That is how a value is never
 * served across callers whose rights differ: a record is the same whoever reads it (no caller in
 * the key), and whether this caller may see it is decided above the cache each time. A customer's
 * own records (the CRM partner behind a profile) are kept too: whoever runs the Redis holds
 * personal data, as the CRM does, for the type's lifetime at most.
 *
 * A cache that fails (Redis down, a timeout) is a miss and is logged: the caller reads the legacy
 * system, as without a cache, and never sees an error from it.
 */

/** The in-process store's bound, over every type of a service. */
const MAX_ENTRIES_IN_PROCESS = 50_000;
const DEFAULT_KEY_PREFIX = 'omnigraph:entity-cache';
/** A cache lookup must not hold a read up: past this, the legacy system answers. */
const REDIS_COMMAND_TIMEOUT_MS = 300;

/** Where the JSON of each entry lives. */
export interface CacheStore {
  get(keys: readonly string[]): Promise<(string | null)[]>;
  set(entries: readonly (readonly [string, string])[], ttlMs: number): Promise<void>;
  delete(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** This process's memory, bounded, with lifetimes on the given clock (milliseconds). */
export class MemoryStore implements CacheStore {
  private readonly entries = new LRUCache<string, { json: string; expiresAt: number }>({ max: MAX_ENTRIES_IN_PROCESS });

  constructor(private readonly clock: () => number = Date.now) {}

  async get(keys: readonly string[]): Promise<(string | null)[]> {
    const now = this.clock();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (entry && entry.expiresAt > now) return entry.json;
      if (entry) this.entries.delete(key);
      return null;
    });
  }

  async set(entries: readonly (readonly [string, string])[], ttlMs: number): Promise<void> {
    const expiresAt = this.clock() + ttlMs;
    for (const [key, json] of entries) this.entries.set(key, { json, expiresAt });
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/** Redis, shared by every replica: lifetimes are Redis's own (PX). */
export class RedisStore implements CacheStore {
  constructor(private readonly redis: Redis) {}

  async get(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.length === 0 ? [] : this.redis.mget(...keys);
  }

  async set(entries: readonly (readonly [string, string])[], ttlMs: number): Promise<void> {
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [key, json] of entries) pipeline.set(key, json, 'PX', ttlMs);
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  async delete(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...keys);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** How a cache reports on its store: a failure once per outage, and when it answers again; and its lookups, to metrics. */
interface StoreHealth {
  failed(error: unknown, what: string, type: string): void;
  answered(): void;
  observer?: ServiceObserver;
}

/** One type's entries: its ids, its lifetime. */
export class EntityCache<T> {
  /** Bumped at each invalidation; a read that began before an id's last one does not store it. */
  private generation = 0;
  /** The generation each id was last dropped at, kept only while a read is under way. */
  private readonly dropped = new Map<string, number>();
  private reading = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly prefix: string,
    readonly type: string,
    /** 0 or less: no cache, every read goes to the legacy system. */
    readonly ttlMs: number,
    private readonly health: StoreHealth,
  ) {}

  private keyOf(id: string): string {
    return `${this.prefix}:${this.type}:${id}`;
  }

  /** The ids found (and not expired), and those to read. */
  async getMany(ids: readonly string[]): Promise<{ hits: Map<string, T>; misses: string[] }> {
    const unique = [...new Set(ids)];
    if (this.ttlMs <= 0 || unique.length === 0) return { hits: new Map(), misses: unique };
    let found: (string | null)[];
    try {
      found = await this.store.get(unique.map((id) => this.keyOf(id)));
      this.health.answered();
    } catch (error) {
      this.health.failed(error, 'read', this.type);
      this.health.observer?.cacheLookup(this.type, 0, unique.length);
      return { hits: new Map(), misses: unique };
    }
    const hits = new Map<string, T>();
    const misses: string[] = [];
    unique.forEach((id, i) => {
      const json = found[i];
      if (json === null || json === undefined) misses.push(id);
      else hits.set(id, JSON.parse(json) as T);
    });
    this.health.observer?.cacheLookup(this.type, hits.size, misses.length);
    return { hits, misses };
  }

  async setMany(entries: Iterable<readonly [string, T]>): Promise<void> {
    if (this.ttlMs <= 0) return;
    const json = [...entries].map(([id, value]) => [this.keyOf(id), JSON.stringify(value)] as const);
    try {
      await this.store.set(json, this.ttlMs);
    } catch (error) {
      this.health.failed(error, 'write', this.type);
    }
  }

  /** Drops the ids (with Redis, for every replica). */
  async invalidate(ids: readonly string[]): Promise<void> {
    if (this.ttlMs <= 0 || ids.length === 0) return;
    this.generation += 1;
    if (this.reading > 0) for (const id of ids) this.dropped.set(id, this.generation);
    try {
      await this.store.delete(ids.map((id) => this.keyOf(id)));
    } catch (error) {
      this.health.failed(error, 'invalidation', this.type);
    }
  }

  /**
   * The records of the ids: those cached, and the rest from `read`, which answers what it found by
   * id (an id it leaves out is not cached). A record read while its id was invalidated is answered
   * but not stored: it may be from before the change.
   */
  async readThrough(ids: readonly string[], read: (misses: string[]) => Promise<Map<string, T>>): Promise<Map<string, T>> {
    if (this.ttlMs <= 0) return read([...new Set(ids)]);
    const began = this.generation;
    this.reading += 1;
    try {
      const { hits, misses } = await this.getMany(ids);
      if (misses.length === 0) return hits;
      const fresh = await read(misses);
      await this.setMany([...fresh].filter(([id]) => (this.dropped.get(id) ?? 0) <= began));
      for (const [id, value] of fresh) hits.set(id, value);
      return hits;
    } finally {
      this.reading -= 1;
      if (this.reading === 0) this.dropped.clear();
    }
  }
}

/**
 * A service's entity caches, on one store: Redis when ENTITY_CACHE_REDIS_URL or REDIS_URL is set
 * (keys under ENTITY_CACHE_KEY_PREFIX), else this process's memory. `clock` times the in-process
 * lifetimes (tests inject one).
 */
export class EntityCaches {
  private readonly unsubscribes: Promise<(() => Promise<void>) | null>[] = [];
  private healthy = true;
  private readonly health: StoreHealth = {
    failed: (error, what, type) => {
      if (this.healthy) this.log.warn({ err: error, type }, `entity cache ${what} failed; reading the legacy systems until it answers`);
      this.healthy = false;
    },
    answered: () => {
      if (!this.healthy) this.log.info('entity cache answers again');
      this.healthy = true;
    },
    // The metrics of the service these caches are made for (lib/metrics.ts).
    observer: currentObserver(),
  };

  private constructor(
    private readonly store: CacheStore,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv,
    /** Settles when the store can answer (or was given up on for now). */
    readonly ready: Promise<void>,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, log: Logger, clock: () => number = Date.now): EntityCaches {
    const prefix = env.ENTITY_CACHE_KEY_PREFIX ?? DEFAULT_KEY_PREFIX;
    const url = env.ENTITY_CACHE_REDIS_URL ?? env.REDIS_URL;
    if (!url) return new EntityCaches(new MemoryStore(clock), prefix, log, env, Promise.resolve());
    const { redis, ready } = sharedRedis(url, log, {
      commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
      whileDown: 'entity cache: Redis cannot be reached; reading the legacy systems meanwhile',
      whenBack: 'entity cache: Redis is back',
    });
    return new EntityCaches(new RedisStore(redis), prefix, log, env, ready);
  }

  cache<T>(type: string, ttlMs: number): EntityCache<T> {
    return new EntityCache<T>(this.store, this.prefix, type, ttlMs, this.health);
  }

  /**
   * Drops from `caches` the ids each event under `filter` names, for as long as the service runs. A
   * bus that cannot be subscribed to is logged: the lifetimes then bound how stale an entry gets.
   */
  invalidateOn(
    filter: string,
    idsOf: (event: DomainEvent) => string[],
    caches: readonly Pick<EntityCache<unknown>, 'ttlMs' | 'invalidate'>[],
  ): void {
    if (caches.every((cache) => cache.ttlMs <= 0)) return;
    this.unsubscribes.push(
      eventBus(this.env)
        .then((bus) =>
          bus.subscribe(filter, (event) => {
            const lag = this.health.observer ? eventLagSeconds(event.at) : null;
            if (lag !== null) this.health.observer?.eventDelivered('entity-cache', lag);
            const ids = idsOf(event);
            for (const cache of caches) void cache.invalidate(ids);
          }),
        )
        .catch((error: unknown) => {
          this.log.warn(
            { err: error, filter },
            'entity cache: cannot follow the events that invalidate it; entries live out their lifetimes',
          );
          return null;
        }),
    );
  }

  async close(): Promise<void> {
    for (const unsubscribe of await Promise.all(this.unsubscribes)) await unsubscribe?.();
    await this.store.close();
  }
}

/** A setting in milliseconds (a lifetime, an interval): the default when unset; 0 (or less) turns the thing off. */
export function millisecondsFromEnv(value: string | undefined, fallbackMs: number, name: string): number {
  if (value === undefined || value === '') return fallbackMs;
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new Error(`${name} must be a number of milliseconds`);
  return ms;
}
