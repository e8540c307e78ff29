import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute } from '../support/graphql';
import { journeyPersonas, Shopper, shoppersOf, signerFor } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * In-flight deduplication, on by default: identical queries from the same caller, in flight at
 * once, share one execution; different callers never share, whatever their rights. Below whole
 * queries, identical subgraph fetches in flight share one call.
 * Counted at the CRM stand-in, slowed so that the requests overlap.
 */
const PROFILE = `query($id: ID!) { customer(id: $id) { id profile { fullName } loyalty { pointsBalance } } }`;

/** The profile from the CRM, and a page of profile changes from commerce whose size varies. */
const PAGED = `query($id: ID!, $first: Int) { customer(id: $id) { id profile { fullName } profileChanges(first: $first) { totalCount } } }`;

interface PagedAnswer {
  data?: { customer: { profile: { fullName: string } | null; profileChanges: { totalCount: number } } | null };
  errors?: unknown[];
}

interface Answer {
  data?: { customer: { id: string; profile: { fullName: string } | null; loyalty: { pointsBalance: number } | null } | null };
  errors?: { extensions?: { code?: string } }[];
}

describe('identical queries in flight', () => {
  let world: World;
  let system: RunningSystem;
  let shopper: Shopper;
  let other: Shopper;
  const signAs = signerFor(() => system);
  const ask = async (login: string, id: string) => (await execute(system.gatewayUrl, PROFILE, { id }, await signAs(login))) as Answer;
  const crmCalls = async () => {
    const answer = await fetch(`${system.legacyUrls.crm}/__admin/calls`, { headers: adminHeaders(system.env) });
    const { byOperation } = (await answer.json()) as { byOperation: Record<string, number> };
    return Object.values(byOperation).reduce((sum, calls) => sum + calls, 0);
  };
  const callsOf = async (run: () => Promise<unknown>) => {
    const before = await crmCalls();
    await run();
    return (await crmCalls()) - before;
  };

  beforeAll(async () => {
    world = generateWorld({ seed: 19, size: 'small' });
    [shopper, other] = shoppersOf(world);
    system = await startSystem({
      world,
      personas: journeyPersonas(world, [shopper, other]),
      // The CRM calls are counted: profiles are read from the CRM each time, as without the profile cache.
      env: { LOG_LEVEL: 'silent', IDENTITY_SYNC_INTERVAL_MS: '0', CRM_PROFILE_CACHE_MS: '0', ...QUIET_MARKETPLACE },
    });
    // Slow enough that requests sent together are all in flight at once.
    const knobs = await fetch(`${system.legacyUrls.crm}/__admin/knobs`, {
      method: 'PUT',
      headers: { ...adminHeaders(system.env), 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 300 }),
    });
    expect(knobs.status).toBe(200);
    // Every persona signed in, and the customer's records read once, before anything is counted.
    for (const login of ['agent', 'steward', shopper.login, other.login]) await signAs(login);
    await ask('agent', shopper.customerId);
  }, 120_000);
  afterAll(() => system?.stop());

  it("answers eight identical queries from one caller, sent together, with one query's calls to the CRM", async () => {
    const alone = await callsOf(() => ask('agent', shopper.customerId));
    expect(alone).toBeGreaterThan(0);
    let answers: Answer[] = [];
    const together = await callsOf(async () => {
      answers = await Promise.all(Array.from({ length: 8 }, () => ask('agent', shopper.customerId)));
    });
    expect(together).toBe(alone);
    expect(answers.every((answer) => answer.errors === undefined && answer.data?.customer?.profile?.fullName === shopper.name)).toBe(true);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('never shares between callers: another customer asking the same at the same moment is refused while the agent is answered', async () => {
    const [agent, stranger, self] = await Promise.all([
      ask('agent', shopper.customerId),
      ask(other.login, shopper.customerId),
      ask(shopper.login, shopper.customerId),
    ]);
    expect(agent.data?.customer?.profile?.fullName).toBe(shopper.name);
    expect(self.data?.customer?.profile?.fullName).toBe(shopper.name);
    expect(stranger.data?.customer ?? null).toBeNull();
    expect(stranger.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
  });

  it('shares a fetch two different queries make of the same system at the same moment: eight pages of profile changes, one CRM read of the profile', async () => {
    const page = async (first: number) =>
      (await execute(system.gatewayUrl, PAGED, { id: shopper.customerId, first }, await signAs('agent'))) as PagedAnswer;
    const alone = await callsOf(() => page(1));
    expect(alone).toBeGreaterThan(0);
    let answers: PagedAnswer[] = [];
    const together = await callsOf(async () => {
      answers = await Promise.all(Array.from({ length: 8 }, (_, index) => page(index + 1)));
    });
    // Each query differs (its own page size, answered by commerce); the CRM fetch of the profile is the same one.
    expect(together).toBe(alone);
    expect(answers.every((answer) => answer.errors === undefined && answer.data?.customer?.profile?.fullName === shopper.name)).toBe(true);
  });

  it('answers two people with the same rights each on their own (each is recorded as having looked)', async () => {
    const alone = await callsOf(() => ask('agent', shopper.customerId));
    const both = await callsOf(() => Promise.all([ask('agent', shopper.customerId), ask('steward', shopper.customerId)]));
    expect(both).toBe(2 * alone);
  });
});
