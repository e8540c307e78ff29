import { startSystem } from '../../scripts/system';

/**
 * A replica of the graph in a process of its own: the gateway and every subgraph, on stand-ins and an
 * identity provider already running elsewhere (REPLICA_LEGACY_URLS, OMNIGRAPH_OIDC_ISSUER), sharing
 * the state, the broker and the leases the environment names. Prints its gateway's URL once it
 * answers; SIGTERM stops it, SIGKILL is a crash.
 */
async function main(): Promise<void> {
  const legacyUrls = JSON.parse(process.env.REPLICA_LEGACY_URLS ?? '{}') as Record<string, string>;
  const system = await startSystem({ legacyUrls, env: process.env });
  process.stdout.write(`replica ready ${JSON.stringify({ gatewayUrl: system.gatewayUrl })}\n`);
  process.once('SIGTERM', () => void system.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`replica failed to start: ${String(error)}\n`);
  process.exit(1);
});
