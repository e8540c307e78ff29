import { parsePersonas } from '../../identity-provider/directory';
import { startSystem } from '../../scripts/system';
import type { OmnigraphAnnouncement } from './system-processes';

/**
 * Omnigraph for the omnichannel bench, in its own process so the load generator never shares its
 * event loop: every subgraph and the gateway on ephemeral ports, against the stand-ins at
 * BENCH_LEGACY_URLS, and the embedded identity provider signing in the personas of BENCH_PERSONAS.
 * Prints one JSON line with the gateway's and the provider's URLs when ready, and what a gateway of
 * its own would need to stand in front of these subgraphs instead.
 */
async function main(): Promise<void> {
  const system = await startSystem({
    env: process.env,
    legacyUrls: JSON.parse(process.env.BENCH_LEGACY_URLS ?? '{}') as Record<string, string>,
    personas: parsePersonas(process.env.BENCH_PERSONAS ?? '[]'),
  });
  // What a gateway in a process of its own needs to stand in front of these subgraphs (system-processes.ts).
  const gatewayEnv = Object.fromEntries(
    Object.entries(system.env).filter(
      (entry): entry is [string, string] => /_SUBGRAPH_URL$|^OMNIGRAPH_OIDC_/.test(entry[0]) && typeof entry[1] === 'string',
    ),
  );
  const ready: OmnigraphAnnouncement = { gatewayUrl: system.gatewayUrl, identityProviderUrl: system.identityProviderUrl, gatewayEnv };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.once(
    'SIGTERM',
    () =>
      void system.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      ),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
