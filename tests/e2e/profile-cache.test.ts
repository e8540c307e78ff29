import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { crmCall } from '../support/crm-calls';
import { eventually } from '../support/eventually';
import { execute, GraphQLAnswer } from '../support/graphql';
import { journeyPersonas, Shopper, shoppersOf, signerFor } from '../support/journey-personas';
import { QUIET_MARKETPLACE } from '../support/quiet-marketplace';

/**
 * Issue 19, a customer's profile in the entity cache: the CRM's partner records are read once and
 * kept, below the row rules; a change made through the graph is read at once, one made in Odoo itself
 * within the CRM partner follower's round. Through the gateway, against the real CRM stand-in.
 */

const PROFILE = `query($id: ID!) { customer(id: $id) { id profile { fullName email phone addresses { street city } } } }`;
const CHANGE = `mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) {
  profileChange { deliveries { system status } } userErrors { code } } }`;

interface ProfileAnswer {
  customer: { id: string; profile: { fullName: string; email: string | null; phone: string | null } | null } | null;
}

const crmPartnerOf = (shopper: Shopper) => Number(Buffer.from(shopper.customerId, 'base64url').toString().split(':CRM:')[1]);
let counter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(counter += 1)}`;

/** A small world's system, with only the follower under test reading the CRM on its own. */
function profileSystem(world: World, shoppers: Shopper[], followMs: string): Promise<RunningSystem> {
  return startSystem({
    world,
    personas: journeyPersonas(world, shoppers),
    env: {
      LOG_LEVEL: 'silent',
      IDENTITY_SYNC_INTERVAL_MS: '0',
      COMMERCE_STATE_FILE: ':memory:',
      COMMERCE_LOYALTY_FOLLOW_MS: '0',
      ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
      WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
      CRM_PROFILE_FOLLOW_MS: followMs,
      ...QUIET_MARKETPLACE,
    },
  });
}

describe("a customer's profile kept across requests (issue 19)", () => {
  const world = generateWorld({ seed: 19, size: 'small' });
  const shoppers = shoppersOf(world).slice(0, 4);

  describe('without the follower: what the cache alone does', () => {
    let system: RunningSystem;
    const signAs = signerFor(() => system);
    const run = async <T>(text: string, variables: object, as: string): Promise<GraphQLAnswer<T>> =>
      execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
    const partnerReads = async () => {
      const response = await fetch(`${system.legacyUrls.crm}/__admin/calls`, { headers: adminHeaders(system.env) });
      return ((await response.json()) as { byOperation: Record<string, number> }).byOperation['res.partner.search_read'] ?? 0;
    };

    beforeAll(async () => {
      system = await profileSystem(world, shoppers, '0');
    }, 90_000);
    afterAll(() => system?.stop());

    it('reads a profile again without asking the CRM for the partner', async () => {
      const [shopper] = shoppers;
      const first = await run<ProfileAnswer>(PROFILE, { id: shopper.customerId }, 'agent');
      expect(first.errors).toBeUndefined();
      expect(first.data!.customer!.profile!.fullName).toBeTruthy();
      const before = await partnerReads();
      for (const as of ['agent', shopper.login]) {
        const again = await run<ProfileAnswer>(PROFILE, { id: shopper.customerId }, as);
        expect(again.data).toEqual(first.data);
      }
      expect(await partnerReads()).toBe(before);
    });

    it('reads a change made through the graph at once: the change drops the partner before it is answered', async () => {
      const shopper = shoppers[1];
      await run<ProfileAnswer>(PROFILE, { id: shopper.customerId }, shopper.login);
      const email = `kept.${Date.now()}@example.vn`;
      const changed = await run<{ updateCustomerProfile: { profileChange: { deliveries: { system: string; status: string }[] } } }>(
        CHANGE,
        { input: { idempotencyKey: key('profile'), customerId: shopper.customerId, email } },
        shopper.login,
      );
      expect(changed.data!.updateCustomerProfile.profileChange.deliveries).toContainEqual({ system: 'CRM', status: 'APPLIED' });
      const after = await run<ProfileAnswer>(PROFILE, { id: shopper.customerId }, shopper.login);
      expect(after.data!.customer!.profile!.email).toBe(email);
    });

    it("never lets a customer read another's cached profile", async () => {
      const [owner, other] = shoppers.slice(2);
      const own = await run<ProfileAnswer>(PROFILE, { id: owner.customerId }, owner.login);
      expect(own.data!.customer!.profile!.fullName).toBeTruthy();
      const refused = await run<ProfileAnswer>(PROFILE, { id: owner.customerId }, other.login);
      expect(refused.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
      expect(JSON.stringify(refused)).not.toContain(own.data!.customer!.profile!.fullName);
    });
  });

  describe('with the follower: a save in Odoo itself', () => {
    let system: RunningSystem;
    const signAs = signerFor(() => system);

    beforeAll(async () => {
      system = await profileSystem(world, shoppers, '200');
    }, 90_000);
    afterAll(() => system?.stop());

    it("is read through the graph once the follower's round has seen it, though the old record was kept", async () => {
      const [shopper] = shoppers;
      const read = async () =>
        (await execute<ProfileAnswer, object>(system.gatewayUrl, PROFILE, { id: shopper.customerId }, await signAs('agent'))).data!
          .customer!.profile!;
      const before = await read();
      const renamed = `${before.fullName} Renamed`;
      // An agent edits the partner in Odoo's own screens: the graph is not told.
      await crmCall(system.legacyUrls.crm, 'res.partner', 'write', [[crmPartnerOf(shopper)], { name: renamed }]);
      expect((await eventually(read, (profile) => profile.fullName === renamed, 10)).fullName).toBe(renamed);
    });
  });
});
