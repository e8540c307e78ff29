import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { sharedRedis } from '../../lib/redis';
import type { GatewayPlugin } from '../plugin';

/** What one partner may spend in a minute. */
export interface PartnerLimit {
  requestsPerMinute: number;
  /** The summed static cost of its operations (each registered operation's `cost`, scripts/operation-cost.ts). */
  costPerMinute: number;
}

export const DEFAULT_PARTNER_LIMIT: PartnerLimit = { requestsPerMinute: 600, costPerMinute: 60_000 };
const DEFAULT_KEY_PREFIX = 'omnigraph:partner-limits';
const WINDOW_S = 60;
/** A limit check must never hold a request up for long: past this, the counter in memory decides. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

function positive(value: unknown, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`${name} must be a positive whole number`);
  return number;
}

/**
 * Each partner's limits: PARTNER_RATE_LIMIT_PER_MINUTE and PARTNER_COST_LIMIT_PER_MINUTE for
 * every partner, and PARTNER_LIMITS (JSON, by client id: `{"partner-marketplace":
 * {"requestsPerMinute": 120, "costPerMinute": 20000}}`) for those that differ. Checked at start.
 */
export function partnerLimitsOf(env: NodeJS.ProcessEnv): (clientId: string) => PartnerLimit {
  const fallback: PartnerLimit = {
    requestsPerMinute: positive(
      env.PARTNER_RATE_LIMIT_PER_MINUTE ?? DEFAULT_PARTNER_LIMIT.requestsPerMinute,
      'PARTNER_RATE_LIMIT_PER_MINUTE',
    ),
    costPerMinute: positive(env.PARTNER_COST_LIMIT_PER_MINUTE ?? DEFAULT_PARTNER_LIMIT.costPerMinute, 'PARTNER_COST_LIMIT_PER_MINUTE'),
  };
  const own = new Map<string, PartnerLimit>();
  if (env.PARTNER_LIMITS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.PARTNER_LIMITS);
    } catch {
      throw new Error('PARTNER_LIMITS must be JSON: {"<client id>": {"requestsPerMinute": n, "costPerMinute": n}}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('PARTNER_LIMITS must be an object by client id');
    for (const [clientId, limit] of Object.entries(parsed as Record<string, Partial<PartnerLimit>>)) {
      own.set(clientId, {
        requestsPerMinute: positive(limit?.requestsPerMinute ?? fallback.requestsPerMinute, `PARTNER_LIMITS.${clientId}.requestsPerMinute`),
        costPerMinute: positive(limit?.costPerMinute ?? fallback.costPerMinute, `PARTNER_LIMITS.${clientId}.costPerMinute`),
      });
    }
  }
  return (clientId) => own.get(clientId) ?? fallback;
}

interface Counters {
  requests: RateLimiterAbstract;
  cost: RateLimiterAbstract;
}

/** The counter's refusal, or undefined when the points fit. */
async function spend(counter: RateLimiterAbstract, clientId: string, points: number): Promise<RateLimiterRes | undefined> {
  if (points === 0) return undefined;
  try {
    await counter.consume(clientId, points);
    return undefined;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return refusal;
    throw refusal;
  }
}

function tooMany(reply: FastifyReply, refusal: RateLimiterRes, message: string, reason: string) {
  const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send({ errors: [{ message: `${message}: try again in ${seconds} s.`, extensions: { code: 'RATE_LIMITED', reason } }] });
}

/**
 * Each partner's requests and cost per minute (fixed one-minute windows, by the client id of its
 * app), counted with rate-limiter-flexible: in Redis when PARTNER_LIMITS_REDIS_URL or REDIS_URL
 * names one, so every gateway shares the counts (keys under PARTNER_LIMITS_KEY_PREFIX), else in
 * this process's memory. Over either limit answers 429 RATE_LIMITED with Retry-After before
 * anything runs; a request refused for its cost still counts as a request, but its cost is given
 * back. Runs after trusted documents, which found the operation and so its cost; requests refused
 * before (no valid token, an unregistered hash) cost nothing to serve and are not counted. While
 * Redis cannot be reached, each gateway counts in its own memory.
 */
export async function usePartnerLimits(env: NodeJS.ProcessEnv, log: Logger): Promise<GatewayPlugin> {
  const limitOf = partnerLimitsOf(env);
  const prefix = env.PARTNER_LIMITS_KEY_PREFIX ?? DEFAULT_KEY_PREFIX;
  const url = env.PARTNER_LIMITS_REDIS_URL ?? env.REDIS_URL;
  const shared = url
    ? sharedRedis(url, log, {
        commandTimeoutMs: REDIS_COMMAND_TIMEOUT_MS,
        whileDown: 'partner limits: Redis cannot be reached; each gateway counts in its own memory meanwhile',
        whenBack: 'partner limits: Redis is back; counting there again',
      })
    : undefined;
  // Connected before the gateway listens, or given up on after a moment: the counters in memory answer meanwhile.
  await shared?.ready;
  const redis = shared?.redis;

  const counter = (kind: keyof Counters, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: `${prefix}:${kind}`, points, duration: WINDOW_S });
    if (!redis) return memory;
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${kind}`,
      points,
      duration: WINDOW_S,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const counters = new Map<string, Counters>();
  const countersOf = (clientId: string): Counters => {
    let found = counters.get(clientId);
    if (!found) {
      const limit = limitOf(clientId);
      found = { requests: counter('requests', limit.requestsPerMinute), cost: counter('cost', limit.costPerMinute) };
      counters.set(clientId, found);
    }
    return found;
  };

  return {
    name: 'partner-limits',
    preHandler: async (request, reply) => {
      // Only partners' apps get this far (partners-only.ts); each is counted by its client id.
      const clientId = request.caller?.clientId;
      if (!clientId) return undefined;
      const { requests, cost } = countersOf(clientId);
      const limit = limitOf(clientId);
      const overRequests = await spend(requests, clientId, 1);
      if (overRequests) return tooMany(reply, overRequests, `Over ${limit.requestsPerMinute} requests a minute for this app`, 'REQUESTS');
      const operationCost = request.registeredOperation?.cost ?? 0;
      const overCost = await spend(cost, clientId, operationCost);
      if (!overCost) return undefined;
      // Asking counts against the requests a minute; an operation that did not run costs nothing.
      await cost.reward(clientId, operationCost);
      return tooMany(
        reply,
        overCost,
        `Over this app's cost limit of ${limit.costPerMinute} a minute (this operation costs ${operationCost})`,
        'COST',
      );
    },
    close: async () => redis?.disconnect(),
  };
}
