import { startStandIn } from '../../legacy/kit/main';
import { LEGACY_SYSTEMS } from '../../legacy/systems';

/**
 * The stand-ins for the omnichannel bench, in their own process: on the data files, ports
 * and knobs the runner's environment gives. Prints one JSON line with their URLs when ready.
 */
async function main(): Promise<void> {
  const apps = await Promise.all(LEGACY_SYSTEMS.map(({ entry }) => startStandIn(entry)));
  const legacyUrls = Object.fromEntries(
    apps.map((app, index) => {
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return [LEGACY_SYSTEMS[index].entry.system, `http://127.0.0.1:${port}`];
    }),
  );
  process.stdout.write(`${JSON.stringify({ legacyUrls })}\n`);
  process.once('SIGTERM', () => void Promise.all(apps.map((app) => app.close())).then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
