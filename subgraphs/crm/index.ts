import { AccessRecorder, recordReadsPlugin } from '../../lib/access-record';
import { subgraphTypeDefs, type SubgraphService } from '../../lib/subgraph';
import { CrmClient, type Partner } from '../../connectors/crm';
import { EntityCaches, millisecondsFromEnv } from '../../lib/entity-cache';
import { LiveEvents } from '../../lib/live-events';
import { createLogger } from '../../lib/logger';
import { clockFromEnv } from '../../lib/clock';
import { CustomerLookup } from '../../lib/customer-lookup';
import { signedInCustomer } from '../../lib/rows';
import type { Context } from './context';
import { createLoaders } from './loaders';
import { partnerFollower } from './partner-follower';
import { followUnderLease } from '../../lib/change-follower';
import { feedLeasesFromEnv } from '../../lib/leases';
import { resolvers } from './resolvers';

/** The crm subgraph: a customer's profile, consents, loyalty card and support tickets, from the CRM. */
export function createService(env: NodeJS.ProcessEnv): SubgraphService<Context> {
  const crm = CrmClient.fromEnv(env);
  const recorder = new AccessRecorder('crm', env);
  const customers = CustomerLookup.fromEnv('crm', env);
  const log = createLogger('crm', env);
  // Customers' partner records (the profile: name, contact details, address, opt-outs), shared by every
  // request and, with Redis, every replica; below the row rules, which run for every caller on every
  // request. Dropped within a follower round of a save in Odoo, and at once after the graph's own.
  const caches = EntityCaches.fromEnv(env, log);
  const profileLifetimeMs = millisecondsFromEnv(env.CRM_PROFILE_CACHE_MS, 5 * 60_000, 'CRM_PROFILE_CACHE_MS');
  const partners = caches.cache<Partner>('crm-partner', profileLifetimeMs);
  caches.invalidateOn('crm.partner.*', (event) => [String(event.data.partnerId)], [partners]);
  const follower = partnerFollower(crm, new LiveEvents(log, env), (ids) => partners.invalidate(ids), log);
  // One replica follows at a time (FEED_LEASES_URL); whoever takes the feed reads from one lifetime
  // back, so a save made while no replica followed (a restart, a lease moving) is still dropped.
  // Without a cache there is nothing to keep fresh: no follower reads the CRM.
  const leases = feedLeasesFromEnv(env, log);
  const clock = clockFromEnv(env);
  const followEveryMs = profileLifetimeMs > 0 ? millisecondsFromEnv(env.CRM_PROFILE_FOLLOW_MS, 1_000, 'CRM_PROFILE_FOLLOW_MS') : 0;
  const ready = Promise.all([recorder.ready, caches.ready]).then(() =>
    followUnderLease(leases, 'crm.partners', follower, followEveryMs, () => new Date(clock().getTime() - profileLifetimeMs)),
  );
  return {
    name: 'crm',
    typeDefs: subgraphTypeDefs('crm'),
    resolvers: resolvers as SubgraphService<Context>['resolvers'],
    createContext: (base) => ({
      ...base,
      crm: createLoaders(crm, partners),
      customerReads: recorder.readsOf(base),
      signedIn: signedInCustomer(customers, base.caller),
      customers,
    }),
    ready,
    plugins: [recordReadsPlugin()],
    close: async () => {
      follower.stop();
      await Promise.all([recorder.close(), caches.close(), leases.close()]);
    },
  };
}
