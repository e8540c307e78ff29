import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../lib/logger';
import { assembleGateway } from './plugin';
import { useAuthorization } from './plugins/authorization';
import { callerVerifier, useCaller } from './plugins/caller';
import { useCors } from './plugins/cors';
import { useExplorer } from './plugins/explorer';
import { useInflightDeduplication } from './plugins/inflight';
import { useLimits } from './plugins/limits';
import { useMasking } from './plugins/masking';
import { useMetrics } from './plugins/metrics';
import { useRequestId } from './plugins/request-id';
import { useSubgraphTransport } from './plugins/subgraph-transport';
import { useSubscriptions } from './plugins/subscriptions';
import { useSupergraphFile } from './plugins/supergraph-source';
import { firstPartyOperations, useTrustedDocuments } from './plugins/trusted-documents';
import { useNoTelemetry } from './plugins/telemetry';
import { useTracing } from './plugins/tracing';

export const DEFAULT_SUPERGRAPH_PATH = resolve(__dirname, '../schema/supergraph.graphql');

export interface GatewayServerOptions {
  supergraphPath?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The Omnigraph gateway: one plugin per concern (gateway/plugins/), combined in this order. A
 * request meets the request id, the browser origins allowed (CORS), then the explorer, then the
 * caller's authentication and the trusted documents, ahead of Apollo's parsing (limits), the
 * schema's access rules (authorization), planning and errors (masking); metrics count it as answered.
 */
export async function buildGatewayServer(options: GatewayServerOptions = {}): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const log = createLogger('gateway', env);
  // One check of tokens (one cache of the provider's keys) and one set of trusted documents, for requests and subscriptions alike.
  const verify = callerVerifier(env);
  const trusted = firstPartyOperations(env);
  const subscriptions = useSubscriptions(env, log, trusted, verify);
  const metrics = useMetrics(env, { service: 'gateway', operationNames: trusted.names(), live: subscriptions.feeds });
  return assembleGateway(
    [
      useNoTelemetry(),
      metrics,
      useSupergraphFile(options.supergraphPath ?? env.SUPERGRAPH_PATH ?? DEFAULT_SUPERGRAPH_PATH, log),
      useSubgraphTransport(env, metrics.subgraphCalls),
      useRequestId(),
      useTracing('gateway'),
      useCors(env),
      useExplorer(env),
      useCaller(env, log, verify),
      useTrustedDocuments(env, trusted),
      subscriptions,
      useAuthorization(),
      useInflightDeduplication(env),
      useLimits(env),
      useMasking(env),
    ],
    log,
  );
}
