import { closeEventBus } from '../lib/events';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildConsoleServer } from '../clients/console/server/console-server';
import { buildPartnerGatewayServer } from '../gateway/partner-server';
import { buildGatewayServer } from '../gateway/server';
import { GRAPH_RESOURCE, Persona } from '../identity-provider/directory';
import { startIdentityProvider } from '../identity-provider/process';
import { CLOCK_OFFSET_ENV, clockStartingAt } from '../lib/clock';
import { SUBGRAPHS } from '../lib/subgraph-locations';
import { openDatabase } from '../legacy/kit/db';
import { dataDir, startStandIn } from '../legacy/kit/main';
import type { World } from '../legacy/seed/model';
import { personasOf, seededPersonas } from '../legacy/seed/personas';
import { LEGACY_SYSTEMS } from '../legacy/systems';
import { SUBGRAPH_SERVICES, SubgraphName } from '../subgraphs/services';

export interface RunningSystem {
  gatewayUrl: string;
  /** The partner endpoint: the partners' contract, each partner's registered operations, its limits. */
  partnerGatewayUrl: string;
  /** The store and call-center console's web app, when the system serves it (`console: true`). */
  consoleUrl?: string;
  /** Base URL of each stand-in, by system name. */
  legacyUrls: Record<string, string>;
  /** The stand-in servers, for their knobs and call counters. */
  legacy: Record<string, FastifyInstance>;
  subgraphUrls: Record<string, string>;
  /** The subgraph servers, by name. */
  subgraphs: Record<string, FastifyInstance>;
  /** The issuer whose tokens the gateway accepts: the embedded provider's, or the one the environment named. */
  identityProviderUrl: string;
  /** Who signs in at the embedded provider (none when the environment named another provider). */
  personas: Persona[];
  /** The environment the subgraphs and gateway were started with. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** The subgraphs to run, by name (default: all); the gateway answers errors for the fields of any left out. */
  subgraphs?: SubgraphName[];
  /**
   * In-memory stand-ins loaded with this world; without it they open their data files. The system's
   * clock then starts at the world's moment (unless `env` sets OMNIGRAPH_CLOCK_OFFSET_MS).
   */
  world?: World;
  /**
   * Stand-ins already running elsewhere, base URL by system: none is started here, and `legacy`
   * stays empty (their knobs and counters are theirs to serve).
   */
  legacyUrls?: Record<string, string>;
  /** Who signs in at the embedded provider; by default the personas of `world`, or of the seeded data files. */
  personas?: Persona[];
  /** Serve the console (built by `npm run console:build`) and let it call the gateway from its origin. */
  console?: boolean;
  /** Fixed ports (the start command); ephemeral ones when absent (tests). */
  ports?: { gateway: number; partnerGateway: number; identityProvider: number; console: number };
  env?: NodeJS.ProcessEnv;
}

function urlOf(app: FastifyInstance): string {
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Starts the whole system: the embedded identity provider as its own process (unless
 * OMNIGRAPH_OIDC_ISSUER names a provider already), and in this one the four stand-ins, every
 * subgraph, the gateway and the partner gateway, wired together through environment variables
 * exactly as separate processes would be.
 */
export async function startSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const wanted = new Set<string>(options.subgraphs ?? Object.keys(SUBGRAPH_SERVICES));
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // A seeded world describes one moment: the whole system runs from it, whatever the date.
  if (options.world && baseEnv[CLOCK_OFFSET_ENV] === undefined) Object.assign(baseEnv, clockStartingAt(options.world.now));
  // A fresh world starts with no state a subgraph kept of an earlier run (commerce's idempotency keys
  // and sagas, say): each keeps its own in <NAME>_STATE_FILE, or PostgreSQL at <NAME>_STATE_URL.
  for (const { name } of SUBGRAPHS) {
    const prefix = name.toUpperCase();
    if (options.world && baseEnv[`${prefix}_STATE_FILE`] === undefined && baseEnv[`${prefix}_STATE_URL`] === undefined)
      baseEnv[`${prefix}_STATE_FILE`] = ':memory:';
  }
  // Nor with a record of who looked from an earlier run.
  if (options.world && baseEnv.ACCESS_RECORD_FILE === undefined && baseEnv.ACCESS_RECORD_URL === undefined)
    baseEnv.ACCESS_RECORD_FILE = ':memory:';
  // Nor with merges, splits and confirmations of who is who.
  if (options.world && baseEnv.IDENTITY_DECISIONS_FILE === undefined && baseEnv.IDENTITY_DECISIONS_URL === undefined)
    baseEnv.IDENTITY_DECISIONS_FILE = ':memory:';
  // Nor with customer records another world's systems answered.
  if (options.world && baseEnv.IDENTITY_DIRECTORY_FILE === undefined && baseEnv.IDENTITY_DIRECTORY_URL === undefined)
    baseEnv.IDENTITY_DIRECTORY_FILE = ':memory:';
  // Started beside the stand-ins (it is another process); a failure is reported when it is awaited.
  const identityProvider = baseEnv.OMNIGRAPH_OIDC_ISSUER
    ? undefined
    : startIdentityProvider({
        personas: options.personas ?? (options.world ? personasOf(options.world) : seededPersonas(dataDir(baseEnv))),
        port: options.ports?.identityProvider,
        env: baseEnv,
      });
  identityProvider?.catch(() => undefined);
  const started: FastifyInstance[] = [];
  const legacy: Record<string, FastifyInstance> = {};
  const legacyUrls: Record<string, string> = { ...options.legacyUrls };
  try {
    for (const system of options.legacyUrls ? [] : LEGACY_SYSTEMS) {
      let app: FastifyInstance;
      if (options.world) {
        const db = openDatabase(':memory:');
        system.createSchema(db);
        system.loadWorld(db, options.world);
        app = await system.entry.build(db, baseEnv);
        app.addHook('onClose', async () => db.close());
        await app.listen({ host: '127.0.0.1', port: 0 });
      } else {
        app = await startStandIn(system.entry, baseEnv);
      }
      started.push(app);
      legacy[system.entry.system] = app;
      legacyUrls[system.entry.system] = urlOf(app);
    }
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const [system, url] of Object.entries(legacyUrls)) env[`${system.toUpperCase()}_URL`] = url;
    const provider = await identityProvider;
    if (provider) Object.assign(env, { OMNIGRAPH_OIDC_ISSUER: provider.issuer, OMNIGRAPH_OIDC_AUDIENCE: GRAPH_RESOURCE });

    const subgraphUrls: Record<string, string> = {};
    const subgraphs: Record<string, FastifyInstance> = {};
    for (const location of SUBGRAPHS.filter((l) => wanted.has(l.name))) {
      const app = await SUBGRAPH_SERVICES[location.name as SubgraphName](env);
      await app.listen({ host: '127.0.0.1', port: options.ports ? location.defaultPort : 0 });
      started.push(app);
      subgraphs[location.name] = app;
      subgraphUrls[location.name] = `${urlOf(app)}/graphql`;
      env[`${location.name.toUpperCase()}_SUBGRAPH_URL`] = subgraphUrls[location.name];
    }
    // Used at once: what the subgraphs begin after they are ready (the KPIs' history) is done first.
    await Promise.all(Object.values(subgraphs).map((app) => app.settled));
    // Stand-ins that push to a subgraph are told where, as their seller console would be.
    for (const system of options.legacyUrls ? [] : LEGACY_SYSTEMS) {
      const target = system.pushes && subgraphs[system.pushes.subgraph];
      if (target && system.pushes) await system.pushes.register(legacyUrls[system.entry.system], urlOf(target), env);
    }
    // The console listens first: the gateway lets its origin call, and it learns the gateway's URL once that listens.
    let consoleUrl: string | undefined;
    let gatewayUrl = '';
    if (options.console) {
      const site = await buildConsoleServer(() => ({
        graphqlUrl: gatewayUrl,
        issuer: env.OMNIGRAPH_OIDC_ISSUER!,
        resource: env.OMNIGRAPH_OIDC_AUDIENCE,
        storeTimeZone: env.STORE_TIME_ZONE,
      }));
      await site.listen({ host: '127.0.0.1', port: options.ports?.console ?? 0 });
      started.push(site);
      consoleUrl = urlOf(site);
      env.OMNIGRAPH_CORS_ORIGINS = [env.OMNIGRAPH_CORS_ORIGINS, consoleUrl].filter(Boolean).join(',');
    }
    const gateway = await buildGatewayServer({ env });
    await gateway.listen({ host: '127.0.0.1', port: options.ports?.gateway ?? 0 });
    started.push(gateway);
    gatewayUrl = `${urlOf(gateway)}/graphql`;
    const partnerGateway = await buildPartnerGatewayServer({ env });
    await partnerGateway.listen({ host: '127.0.0.1', port: options.ports?.partnerGateway ?? 0 });
    started.push(partnerGateway);
    return {
      gatewayUrl,
      consoleUrl,
      partnerGatewayUrl: `${urlOf(partnerGateway)}/graphql`,
      legacyUrls,
      legacy,
      subgraphUrls,
      subgraphs,
      identityProviderUrl: env.OMNIGRAPH_OIDC_ISSUER!,
      personas: provider?.personas ?? [],
      env,
      // Gateways first, stand-ins next, the identity provider last: nothing calls a server that has already stopped.
      stop: async () => {
        for (const app of [...started].reverse()) {
          if (!app.server.listening) continue;
          // A test's clients (a browser's keep-alive sockets) must not hold the stop open.
          const closing = app.close();
          app.server.closeAllConnections();
          await closing;
        }
        await provider?.stop();
        // Every server of this process has stopped publishing and subscribing.
        await closeEventBus();
      },
    };
  } catch (error) {
    for (const app of started.reverse()) await app.close();
    await closeEventBus();
    await identityProvider?.then(
      (provider) => provider.stop(),
      () => undefined,
    );
    throw error;
  }
}
