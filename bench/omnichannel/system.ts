import { parsePersonas } from '../../identity-provider/directory';
import { startSystem } from '../../scripts/system';

/**
 * Omnigraph for the omnichannel bench, in its own process so the load generator never shares its
 * event loop: every subgraph and the gateway on ephemeral ports, against the stand-ins at
 * BENCH_LEGACY_URLS, and the embedded identity provider signing in the personas of BENCH_PERSONAS.
 * Prints one JSON line with the gateway's and the provider's URLs when ready.
 */
async function main(): Promise<void> {
  const system = await startSystem({
    env: process.env,
    legacyUrls: JSON.parse(process.env.BENCH_LEGACY_URLS ?? '{}') as Record<string, string>,
    personas: parsePersonas(process.env.BENCH_PERSONAS ?? '[]'),
  });
  process.stdout.write(`${JSON.stringify({ gatewayUrl: system.gatewayUrl, identityProviderUrl: system.identityProviderUrl })}\n`);
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
