import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Persona } from '../../identity-provider/directory';
import { accessTokenFor } from '../../identity-provider/sign-in';
import { Clock, clockFromEnv, clockStartingAt } from '../../lib/clock';
import { DEFAULT_NOW } from '../../legacy/seed/world';
import { LEGACY_SYSTEMS } from '../../legacy/systems';
import { announcement, LEGACY_ADMIN_ENV, PINNING, productionEnv, startChild, stopChild } from '../processes';

/**
 * The system under test of the parts that run on the seeded world (part 2, omnichannel; part 4,
 * live): the stand-ins in one process and Omnigraph in another, as the legacy systems are other
 * machines in production, optionally with the gateway in a process of its own in front of
 * Omnigraph's subgraphs.
 */

/** Long enough never to come round during a run: see `omnigraphEnv`. */
export const NEVER_DURING_A_RUN_MS = String(24 * 3_600_000);
/** The large world's start, the KPI read model's first read of the whole history (about 160 s) included: nothing is measured under it. */
const READY_TIMEOUT_MS = 600_000;

export interface SystemProcessOptions {
  legacyLatencyMs: number;
  legacyJitterMs: number;
  /** Settings added to Omnigraph's environment (and a separate gateway's), over `omnigraphEnv`'s. */
  omnigraphEnv?: NodeJS.ProcessEnv;
  /**
   * The gateway that answers `gatewayUrl` in a process of its own, started from this entry (which
   * builds the gateway on its environment and prints `{"gatewayUrl": …}` when ready), in front of
   * the Omnigraph process's subgraphs. That process's own gateway then stands idle.
   */
  separateGateway?: { entry: string; nodeOptions?: string[]; ipc?: boolean };
}

export interface SystemProcess {
  gatewayUrl: string;
  identityProviderUrl: string;
  legacyUrls: Record<string, string>;
  /** The process that serves `gatewayUrl`: the separate gateway's, or Omnigraph's. */
  gatewayProcess: ChildProcess;
  /** Omnigraph's process: every subgraph (and the gateway, unless it is separate). */
  omnigraphProcess: ChildProcess;
  /** The system's business clock: the world's moment when it started, moving on since. */
  now: Clock;
  stop(): Promise<void>;
}

/**
 * The stand-ins' environment: the run's own data copy, ephemeral ports and the same latency on
 * every stand-in.
 */
function legacyEnv(options: SystemProcessOptions, runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...productionEnv(), LEGACY_DATA_DIR: runDir };
  for (const { entry } of LEGACY_SYSTEMS) {
    env[`${entry.envPrefix}_PORT`] = '0';
    env[`${entry.envPrefix}_LATENCY_MS`] = String(options.legacyLatencyMs);
    env[`${entry.envPrefix}_JITTER_MS`] = String(options.legacyJitterMs);
  }
  return env;
}

/**
 * Omnigraph's environment: production settings, fresh secrets, the stand-ins' addresses, the
 * personas its embedded identity provider signs in, and the background work a deployment does on timers (till-feed polls, directory syncs, cache refreshes,
 * saga recovery, pickup sweeps, loyalty earning from the feeds, profile delivery retries, the catalogue and CRM partner followers) pushed past the end of the run, so every legacy call counted or
 * traced during a measurement is a query's own.
 */
function omnigraphEnv(runDir: string, personas: Persona[], legacyUrls: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...productionEnv(),
    // Omnigraph's own stores kept in the data directory (identity's directory and decisions, the
    // access record) are this run's: in the working directory's data/ they outlived the run, and a
    // run on another world started its directory from the last one's customers.
    LEGACY_DATA_DIR: runDir,
    BENCH_PERSONAS: JSON.stringify(personas),
    BENCH_LEGACY_URLS: JSON.stringify(legacyUrls),
    COMMERCE_STATE_FILE: join(runDir, 'commerce.sqlite'),
    IDENTITY_SYNC_INTERVAL_MS: '0',
    POS_FEED_POLL_MS: NEVER_DURING_A_RUN_MS,
    POS_FEED_RECONCILE_MS: NEVER_DURING_A_RUN_MS,
    POS_STORES_TTL_MS: NEVER_DURING_A_RUN_MS,
    WAREHOUSE_PLANT_CACHE_TTL_MS: NEVER_DURING_A_RUN_MS,
    COMMERCE_RECOVERY_MS: '0',
    COMMERCE_PICKUP_SWEEP_MS: '0',
    COMMERCE_LOYALTY_FOLLOW_MS: '0',
    COMMERCE_PROFILE_RETRY_MS: '0',
    // One products search a second in production, whatever the load; nothing in a run changes the catalogue.
    ECOMMERCE_CATALOGUE_FOLLOW_MS: NEVER_DURING_A_RUN_MS,
    // Nor a partner outside the graph (one partner search a second in production).
    CRM_PROFILE_FOLLOW_MS: NEVER_DURING_A_RUN_MS,
    // Nor the ERP's own goods movements (one read of its material documents every 5 s in production).
    WAREHOUSE_MOVEMENTS_FOLLOW_MS: NEVER_DURING_A_RUN_MS,
    MARKETPLACE_STATE_FILE: join(runDir, 'marketplace-state.sqlite'),
    // The KPIs' read model of this run's world, read whole at its first start.
    KPIS_STATE_FILE: join(runDir, 'kpis-state.sqlite'),
    // Its first read and first stock round happen at start; its next rounds after the run.
    MARKETPLACE_POLL_MS: NEVER_DURING_A_RUN_MS,
    MARKETPLACE_STOCK_SYNC_MS: NEVER_DURING_A_RUN_MS,
    MARKETPLACE_PROMOTION_SYNC_MS: NEVER_DURING_A_RUN_MS,
  };
}

function onLoopback(url: string): string {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`the system under test answered on ${url}, not on 127.0.0.1`);
  return url;
}

/** What the Omnigraph process (system.ts) prints when it is ready. */
export interface OmnigraphAnnouncement {
  gatewayUrl: string;
  identityProviderUrl: string;
  /** What a gateway of its own needs to reach these subgraphs and check these tokens: `<NAME>_SUBGRAPH_URL`, `OMNIGRAPH_OIDC_*`. */
  gatewayEnv: Record<string, string>;
}

/**
 * The stand-ins in one process and Omnigraph (every subgraph and the gateway) in another, as the
 * legacy systems are other machines in production: with pinning, Omnigraph has a core of its own
 * (a separate gateway shares it) and the stand-ins' SQLite work shares the other with the load generator.
 */
export async function startSystemProcesses(options: SystemProcessOptions, runDir: string, personas: Persona[]): Promise<SystemProcess> {
  const started: ChildProcess[] = [];
  const stop = async () => {
    for (const child of started.reverse()) await stopChild(child, 10_000);
  };
  // Every process runs at the moment the bench world describes, on whatever date the bench runs.
  const worldClock = clockStartingAt(DEFAULT_NOW);
  try {
    const legacy = startChild(resolve(__dirname, 'legacy.ts'), {
      env: { ...legacyEnv(options, runDir), ...worldClock },
      cores: PINNING?.rest,
      stdout: 'pipe',
    });
    started.push(legacy);
    const { legacyUrls } = await announcement<{ legacyUrls: Record<string, string> }>(legacy, 'legacyUrls', 'stand-ins', READY_TIMEOUT_MS);
    for (const url of Object.values(legacyUrls)) onLoopback(url);
    // The shop owner authorises the app once on the marketplace's page; production wants the code it gives.
    const authorization = await fetch(`${legacyUrls.marketplace}/__admin/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${LEGACY_ADMIN_ENV.LEGACY_ADMIN_TOKEN}` },
    });
    if (!authorization.ok) throw new Error(`the marketplace stand-in gave no authorisation code: ${authorization.status}`);
    const { code } = (await authorization.json()) as { code: string };
    // One environment for Omnigraph's processes: the subgraphs check the gateway's signature with its secret.
    const env = { ...omnigraphEnv(runDir, personas, legacyUrls), MARKETPLACE_AUTH_CODE: code, ...worldClock, ...options.omnigraphEnv };
    const omnigraph = startChild(resolve(__dirname, 'system.ts'), { env, cores: PINNING?.omnigraph, stdout: 'pipe' });
    started.push(omnigraph);
    const system = await announcement<OmnigraphAnnouncement>(omnigraph, 'gatewayUrl', 'omnigraph', READY_TIMEOUT_MS);
    const identityProviderUrl = onLoopback(system.identityProviderUrl);
    const common = { identityProviderUrl, legacyUrls, omnigraphProcess: omnigraph, now: clockFromEnv(worldClock), stop };
    if (!options.separateGateway) return { ...common, gatewayUrl: onLoopback(system.gatewayUrl), gatewayProcess: omnigraph };

    const gateway = startChild(options.separateGateway.entry, {
      env: { ...env, ...system.gatewayEnv },
      cores: PINNING?.omnigraph,
      stdout: 'pipe',
      nodeOptions: options.separateGateway.nodeOptions,
      ipc: options.separateGateway.ipc,
    });
    started.push(gateway);
    const { gatewayUrl } = await announcement<{ gatewayUrl: string }>(gateway, 'gatewayUrl', 'gateway', READY_TIMEOUT_MS);
    return { ...common, gatewayUrl: onLoopback(gatewayUrl), gatewayProcess: gateway };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An access token for one of the system's personas, signed in at its identity provider as its app would (an hour long: longer than a run). */
export function tokenFor(identityProviderUrl: string, personas: Persona[], login: string): Promise<string> {
  const persona = personas.find((p) => p.login === login);
  if (!persona) throw new Error(`the bench world has no persona ${login}`);
  return accessTokenFor(identityProviderUrl, persona);
}
