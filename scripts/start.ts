import { ensureSeeded } from '../legacy/start';
import { DEFAULT_PORTS } from '../lib/subgraph-locations';
import { startTracing } from '../lib/tracing';
import { startSystem } from './system';

/**
 * `npm start`: the whole system on embedded defaults: the embedded identity provider with the
 * seeded world's personas (its own process), and in this one the four stand-ins on their seeded
 * data files (the small world is seeded on first start), every subgraph on its own port, the
 * gateway and the partner gateway, and the store and call-center console. Each piece can also run as its own process (see the README).
 */
async function main(): Promise<void> {
  ensureSeeded();
  // One tracer provider for every server of this process, each span stamped with its service, when the environment configures it.
  const tracing = startTracing({ service: 'omnigraph' });
  const system = await startSystem({
    console: true,
    ports: {
      gateway: Number(process.env.GATEWAY_PORT ?? DEFAULT_PORTS.gateway),
      partnerGateway: Number(process.env.PARTNER_GATEWAY_PORT ?? DEFAULT_PORTS.partnerGateway),
      identityProvider: Number(process.env.IDENTITY_PROVIDER_PORT ?? DEFAULT_PORTS.identityProvider),
      console: Number(process.env.CONSOLE_PORT ?? DEFAULT_PORTS.console),
    },
  });
  for (const [name, url] of Object.entries(system.legacyUrls)) console.log(`stand-in ${name.padEnd(10)} ${url}`);
  for (const [name, url] of Object.entries(system.subgraphUrls)) console.log(`subgraph ${name.padEnd(10)} ${url}`);
  console.log(`\nIdentity provider: ${system.identityProviderUrl}`);
  if (system.personas.length > 0) {
    console.log('Sign in as (npm run token -- --as <persona>):');
    for (const persona of system.personas) console.log(`  ${persona.login.padEnd(20)} ${persona.name}`);
  }
  console.log(`\nOmnigraph gateway: ${system.gatewayUrl}  (open it in a browser to explore the graph)`);
  console.log(`Partner gateway:   ${system.partnerGatewayUrl}  (partners' apps, their registered operations by hash)`);
  console.log(`Console:           ${system.consoleUrl}  (stores and call center: sign in as a staff persona above)`);
  const stop = () =>
    void system
      .stop()
      .then(() => tracing?.stop())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
