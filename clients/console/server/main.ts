import { DEFAULT_PORTS } from '../../../lib/subgraph-locations';
import { buildConsoleServer } from './console-server';

/**
 * `npm run console`: the console alone, for a gateway and identity provider that run elsewhere
 * (GRAPHQL_URL, OMNIGRAPH_OIDC_ISSUER, CONSOLE_CLIENT_ID: a public client with the code flow and
 * PKCE whose redirect is <console>/callback); `npm start` serves it beside the rest. The gateway must
 * list the console's origin in OMNIGRAPH_CORS_ORIGINS.
 */
async function main(): Promise<void> {
  const port = Number(process.env.CONSOLE_PORT ?? DEFAULT_PORTS.console);
  const app = await buildConsoleServer({
    graphqlUrl: process.env.GRAPHQL_URL ?? `http://127.0.0.1:${DEFAULT_PORTS.gateway}/graphql`,
    issuer: process.env.OMNIGRAPH_OIDC_ISSUER ?? `http://127.0.0.1:${DEFAULT_PORTS.identityProvider}`,
    clientId: process.env.CONSOLE_CLIENT_ID,
    resource: process.env.OMNIGRAPH_OIDC_AUDIENCE,
    storeTimeZone: process.env.STORE_TIME_ZONE,
  });
  await app.listen({ host: '127.0.0.1', port });
  console.log(`Console: http://127.0.0.1:${port}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
