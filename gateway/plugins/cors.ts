import cors from '@fastify/cors';
import { REQUEST_ID_HEADER } from '../../lib/signature';
import type { GatewayPlugin } from '../plugin';

/** How long a browser may reuse a preflight's answer: one preflight per ten minutes, not per request. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * Browser apps served from another origin (the console, a channel team's web app) may call the
 * graph from the origins OMNIGRAPH_CORS_ORIGINS lists (comma-separated, exact origins); none by
 * default. Tokens travel in the Authorization header, never in cookies, so no credentials mode.
 * WebSocket upgrades are not subject to CORS; their token is in connection_init.
 */
export function useCors(env: NodeJS.ProcessEnv): GatewayPlugin {
  const origins = (env.OMNIGRAPH_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (new URL(origin).origin !== origin)
      throw new Error(`OMNIGRAPH_CORS_ORIGINS: ${origin} is not an origin (scheme, host and port only)`);
  }
  return {
    name: 'cors',
    fastify: (app) => {
      if (origins.length === 0) return;
      void app.register(cors, {
        origin: origins,
        methods: ['GET', 'POST'],
        allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', REQUEST_ID_HEADER],
        exposedHeaders: [REQUEST_ID_HEADER],
        maxAge: PREFLIGHT_MAX_AGE_S,
      });
    },
  };
}
