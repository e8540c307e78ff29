import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { BadUserInputError } from '../../lib/errors';
import type { Caller } from '../../lib/context';
import type { CommerceState } from './state/types';

/**
 * Idempotency keys: one outcome per (caller, mutation, key), however often or concurrently it is
 * retried. What is kept and answered again is the outcome: the payload as this subgraph returns it,
 * i.e. the userErrors, what the action itself did (a return's refund, the points it took back), and
 * references (ids) to the order, cart or location it acted on. The fields of those entities are
 * not commerce's: the gateway reads them from the subgraphs that own them (ecommerce, pos,
 * warehouse) on every answer, so a replay shows the same order as it is now, exactly as
 * `order(id)` would (a checkout replayed after the handover: the same order, COMPLETED). A
 * snapshot of the first answer could only be taken at the gateway, for one selection of fields,
 * and would show a client an order status that is no longer true.
 */

const MAX_KEY_LENGTH = 200;
/** How long a retry waits for the first request with its key to finish before asking the caller to try again. */
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 50;
/**
 * A claim older than this belongs to a process that died mid-request (no mutation runs this long): a
 * retry takes it over. COMMERCE_STALE_CLAIM_MS sets it; it must exceed the longest mutation with
 * every timeout it may wait on, or a slow request and its retry would both run.
 */
export const STALE_CLAIM_MS = 2 * 60_000;

/** JSON with object keys sorted, so the same input always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IdempotentRequest {
  scope: string;
  key: string;
  fingerprint: string;
  /** Stable id for the work this request starts: a saga keeps it across a crash and a retry. */
  workId: string;
}

/** The identity of a mutation request; BAD_USER_INPUT for a key that is empty or too long. */
export function idempotentRequest(caller: Caller, mutation: string, input: { idempotencyKey: string }): IdempotentRequest {
  const { idempotencyKey: key, ...rest } = input;
  if (key.trim() === '' || key.length > MAX_KEY_LENGTH) {
    throw new BadUserInputError(`idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters.`, 'idempotencyKey');
  }
  const scope = `${caller.id ?? 'anonymous'}:${mutation}`;
  return { scope, key, fingerprint: sha256(canonical(rest)), workId: sha256(`${scope}\n${key}`).slice(0, 32) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` once per idempotency key and answers every request with that key the same payload
 * (a refusal in userErrors included: trying again after fixing it takes a new key).
 * `reused` builds the payload for a key first used with other input. A system failure forgets the
 * claim (nothing was left applied: sagas compensate before they throw), so a retry runs for real.
 */
export async function runIdempotent<T>(
  state: CommerceState,
  request: IdempotentRequest,
  reused: () => T,
  work: () => Promise<T>,
  staleClaimMs = STALE_CLAIM_MS,
): Promise<T> {
  for (;;) {
    const claim = await state.claimIdempotencyKey(request.scope, request.key, request.fingerprint);
    if (claim.claimed) {
      let payload: T;
      try {
        payload = await work();
      } catch (error) {
        await state.releaseIdempotencyKey(request.scope, request.key);
        throw error;
      }
      await state.completeIdempotencyKey(request.scope, request.key, payload);
      return payload;
    }
    if (claim.record.fingerprint !== request.fingerprint) return reused();
    const answer = await firstAnswer(state, request, staleClaimMs);
    if (answer.done) return answer.payload as T;
    // The first request failed and let go of the key: this one runs it.
  }
}

/** The first request's answer once it has one; not done if it let go of the key. */
async function firstAnswer(
  state: CommerceState,
  request: IdempotentRequest,
  staleClaimMs: number,
): Promise<{ done: true; payload: unknown } | { done: false }> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const record = await state.idempotencyRecord(request.scope, request.key);
    if (record === null) return { done: false };
    if (record.state === 'DONE') return { done: true, payload: record.response };
    if (Date.now() - Date.parse(record.createdAt) > staleClaimMs) {
      await state.releaseIdempotencyKey(request.scope, request.key);
      return { done: false };
    }
    if (Date.now() > deadline) {
      throw new GraphQLError('A request with this idempotency key is still running; send it again shortly.', {
        extensions: { code: 'REQUEST_IN_PROGRESS' },
      });
    }
    await sleep(POLL_MS);
  }
}
