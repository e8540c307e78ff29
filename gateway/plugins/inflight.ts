import { createHash } from 'node:crypto';
import type { GatewayContext } from '../datasource';
import type { GatewayExecutor, GatewayPlugin } from '../plugin';

type Execution = ReturnType<GatewayExecutor>;

/**
 * What an answer depends on: the operation's text, its name and variables, and the caller as every
 * subgraph sees them (identity, roles, scopes, customer, stores, app). Two callers never share an
 * answer, even with the same rights: the record of who looked names each of them.
 */
function keyOf(request: Parameters<GatewayExecutor>[0]): string {
  const { source, operationName, request: sent, context } = request;
  return createHash('sha256')
    .update(JSON.stringify([(context as Partial<GatewayContext>).callerHeader ?? '', source, operationName ?? null, sent.variables ?? {}]))
    .digest('base64url');
}

/** Each waiter its own top-level result and extensions: a later plugin may add to them per request. */
const ownCopy = (execution: Execution): Execution =>
  execution.then((result) => ({ ...result, ...(result.extensions ? { extensions: { ...result.extensions } } : {}) }));

/**
 * Identical queries in flight at once share one execution: the second caller to ask what the same
 * caller is already being answered waits for that answer instead of planning and calling the
 * subgraphs again (a page's burst of the same query, a retry while the first is still running).
 * Only queries: a mutation is always done as often as it is sent. Off unless
 * OMNIGRAPH_DEDUPLICATE_INFLIGHT=true. Wraps the executor outside the access rules, so what is
 * shared is an answer already filtered for that caller.
 */
export function useInflightDeduplication(env: NodeJS.ProcessEnv): GatewayPlugin {
  const enabled = env.OMNIGRAPH_DEDUPLICATE_INFLIGHT === 'true';
  return {
    name: 'inflight',
    executor: (next) => {
      if (!enabled) return next;
      const running = new Map<string, Execution>();
      return (request) => {
        if (request.operation?.operation !== 'query') return next(request);
        const key = keyOf(request);
        const shared = running.get(key);
        if (shared) return ownCopy(shared);
        const started = next(request);
        running.set(key, started);
        const done = () => void running.delete(key);
        started.then(done, done);
        return started;
      };
    },
  };
}
