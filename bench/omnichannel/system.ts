import { startSystem } from '../../scripts/system';

/**
 * Omnigraph for the omnichannel bench, in its own process so the load generator never shares its
 * event loop: every subgraph and the gateway on ephemeral ports, against the stand-ins at
 * BENCH_LEGACY_URLS. Prints one JSON line with the gateway URL when ready.
 */
async function main(): Promise<void> {
  const system = await startSystem({
    env: process.env,
    legacyUrls: JSON.parse(process.env.BENCH_LEGACY_URLS ?? '{}') as Record<string, string>,
  });
  process.stdout.write(`${JSON.stringify({ gatewayUrl: system.gatewayUrl })}\n`);
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
