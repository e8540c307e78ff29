import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../lib/logger';
import { assembleGateway } from './plugin';
import { useAuthorization } from './plugins/authorization';
import { useCaller } from './plugins/caller';
import { useNoExplorer } from './plugins/explorer';
import { useLimits } from './plugins/limits';
import { useMasking } from './plugins/masking';
import { useMetrics } from './plugins/metrics';
import { usePartnerLimits } from './plugins/partner-limits';
import { usePartnersOnly } from './plugins/partners-only';
import { useRequestId } from './plugins/request-id';
import { useSubgraphTransport } from './plugins/subgraph-transport';
import { useSupergraphFile } from './plugins/supergraph-source';
import { DEFAULT_PARTNER_MANIFEST, partnerOperations, useTrustedDocuments } from './plugins/trusted-documents';
import { useNoTelemetry } from './plugins/telemetry';
import { useTracing } from './plugins/tracing';
import type { GatewayServerOptions } from './server';

/** The partners' contract of the graph: what `@tag(name: "partner")` marks, nothing personal (`npm run compose`). */
export const DEFAULT_PARTNER_SUPERGRAPH_PATH = resolve(__dirname, '../schema/contracts/partner.supergraph.graphql');

/**
 * The partner gateway: the same plugins as the main one (server.ts) over the partners' contract
 * (PARTNER_SUPERGRAPH_PATH), for partners' apps only, each running only the operations it
 * registered, by hash, within its requests and cost per minute. Nothing to explore, in any
 * environment. A request meets the request id, the caller's token, the partner check, the
 * partner's trusted documents and its limits before Apollo; then the schema's access rules as on
 * the main endpoint.
 */
export async function buildPartnerGatewayServer(options: GatewayServerOptions = {}): Promise<FastifyInstance> {
  const env = options.env ?? process.env;
  const log = createLogger('partner-gateway', env);
  const operations = partnerOperations(env.PARTNER_TRUSTED_DOCUMENTS_FILE ?? DEFAULT_PARTNER_MANIFEST);
  const metrics = useMetrics(env, { service: 'partner-gateway', operationNames: operations.names() });
  const limits = await usePartnerLimits(env, log);
  try {
    return await assembleGateway(
      [
        useNoTelemetry(),
        metrics,
        useSupergraphFile(options.supergraphPath ?? env.PARTNER_SUPERGRAPH_PATH ?? DEFAULT_PARTNER_SUPERGRAPH_PATH, log),
        useSubgraphTransport(env, metrics.subgraphCalls),
        useRequestId(),
        useTracing('partner-gateway'),
        useNoExplorer(),
        useCaller(env, log),
        usePartnersOnly(),
        useTrustedDocuments(env, operations),
        limits,
        useAuthorization(),
        useLimits(env),
        useMasking(env),
      ],
      log,
    );
  } catch (error) {
    // The app that would have closed the limits' Redis connection was never built.
    await limits.close?.();
    throw error;
  }
}
