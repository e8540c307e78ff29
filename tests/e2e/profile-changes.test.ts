import { adminHeaders } from '../../legacy/kit/admin';
import type { Knobs } from '../../legacy/kit/knobs';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { normalizePhone } from '../../lib/identifiers';
import { crmCall } from '../support/crm-calls';
import { execute, GraphQLAnswer } from '../support/graphql';
import { associateAt, journeyPersonas, Shopper, shoppersOf, signerFor } from '../support/journey-personas';

/**
 * Issue 15, journeys 2 and 5: a customer (in the app) or an agent changes phone, email, delivery
 * address and consents; the change is recorded in commerce's outbox, lands in the CRM, the web shop
 * and the customer's orders not yet shipped, in order, and is retried while a system is down.
 * Through the gateway, against the real stand-ins, outages set with their knobs.
 */

const CHANGE = `mutation($input: UpdateCustomerProfileInput!) { updateCustomerProfile(input: $input) {
  profileChange { id phone email deliveryAddress { street city } consents { channel granted }
    deliveries { system status attempts lastErrorCode lastErrorReason lastAttemptAt } }
  userErrors { code field message } } }`;
const CHANGES = `query($id: ID!) { customer(id: $id) { id profileChanges(first: 10) { totalCount edges { node {
  id phone email deliveries { system status attempts lastErrorCode lastErrorReason } } } } } }`;
const BY_PHONE = `query($value: String!) { customerByIdentifier(identifier: { kind: PHONE, value: $value }) { id } }`;
const STORE_ORDERS = `query($id: ID!) { customer(id: $id) { id orderHistory(first: 100, channels: [STORE]) { edges { node { id } } } } }`;
const CONSENTS = `query($id: ID!) { customer(id: $id) { profile { consents { email sms zalo push phone } } } }`;
const TO_CONTACT = `query($channel: ConsentChannel!, $after: String) { customersToContact(channel: $channel, first: 100, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;

interface Delivery {
  system: string;
  status: string;
  attempts: number;
  lastErrorCode: string | null;
  lastErrorReason: string | null;
}
interface ChangeAnswer {
  profileChange: { id: string; phone: string | null; email: string | null; deliveries: Delivery[] } | null;
  userErrors: { code: string; field: string[] | null }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const key = (label: string) => `${label}-${Date.now()}-${(counter += 1)}`;
const statusOf = (deliveries: Delivery[]) => Object.fromEntries(deliveries.map((d) => [d.system, d.status]));

describe('profile changes reach every system (issue 15, journeys 2 and 5)', () => {
  let world: World;
  let system: RunningSystem;
  let shoppers: Shopper[];
  const signAs = signerFor(() => system);
  const run = async <T>(text: string, variables: object, as: string | null): Promise<GraphQLAnswer<T>> =>
    execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  const change = async (input: object, as: string) => {
    const answer = await run<{ updateCustomerProfile: ChangeAnswer }>(CHANGE, { input: { idempotencyKey: key('profile'), ...input } }, as);
    return answer;
  };
  const admin = (legacy: string, path: string, init: { method?: string; body?: string } = {}) =>
    fetch(`${system.legacyUrls[legacy]}/__admin/${path}`, {
      ...init,
      headers: { ...adminHeaders(system.env), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    });
  const knobs = async (legacy: string, set: Partial<Knobs> | null) =>
    expect((await admin(legacy, 'knobs', set ? { method: 'PUT', body: JSON.stringify(set) } : { method: 'DELETE' })).status).toBe(200);
  const calls = async (legacy: string) =>
    ((await (await admin(legacy, 'calls')).json()) as { byOperation: Record<string, number> }).byOperation;
  const clearCalls = async (legacy: string) => expect((await admin(legacy, 'calls', { method: 'DELETE' })).status).toBe(200);
  const webShop = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${system.legacyUrls.ecommerce}/rest/V1${path}`, {
      headers: { authorization: 'Bearer ecommerce-dev-token' },
    });
    return (await response.json()) as T;
  };
  const partner = async (id: number) =>
    (
      await crmCall<Record<string, unknown>[]>(system.legacyUrls.crm, 'res.partner', 'read', [
        [id],
        ['phone', 'email', 'street', 'city', 'x_zalo_opt_out', 'x_push_opt_out', 'x_phone_opt_out'],
      ])
    )[0];
  const crmPartnerOf = (shopper: Shopper) => Number(Buffer.from(shopper.customerId, 'base64url').toString().split(':CRM:')[1]);
  const changesOf = async (shopper: Shopper, as: string) =>
    (
      await run<{ customer: { profileChanges: { totalCount: number; edges: { node: ChangeAnswer['profileChange'] & object }[] } } }>(
        CHANGES,
        { id: shopper.customerId },
        as,
      )
    ).data!.customer.profileChanges;
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(200);
    }
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 15, size: 'small' });
    const all = shoppersOf(world);
    // The first shopper has a delivery not yet shipped, which the address change must redirect.
    const open = world.ecommerce.orders.find(
      (order) =>
        order.status === 'pending' && order.shippingMethod === 'flatrate_flatrate' && all.some((s) => s.webCustomerId === order.customerId),
    )!;
    shoppers = [
      all.find((s) => s.webCustomerId === open.customerId)!,
      ...all.filter((s) => s.webCustomerId !== open.customerId).slice(0, 11),
    ];
    system = await startSystem({
      world,
      personas: journeyPersonas(world, shoppers),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        SUBGRAPH_TIMEOUT_MS: '30000',
        COMMERCE_STATE_FILE: ':memory:',
        COMMERCE_PROFILE_RETRY_MS: '200',
        COMMERCE_PROFILE_MAX_BACKOFF_MS: '800',
        // Loyalty's follower of web orders is another journey: off, so the legacy calls counted here are the profile's.
        COMMERCE_LOYALTY_FOLLOW_MS: '0',
        // So are the catalogue and CRM partner followers (a search every second each).
        ECOMMERCE_CATALOGUE_FOLLOW_MS: '0',
        WAREHOUSE_MOVEMENTS_FOLLOW_MS: '0',
        CRM_PROFILE_FOLLOW_MS: '0',
      },
    });
  }, 90_000);
  afterEach(async () => {
    for (const legacy of ['crm', 'ecommerce']) await knobs(legacy, null);
  });
  afterAll(() => system?.stop());

  it('a customer in the app changes everything: it lands in the CRM, the web shop and the order not yet shipped', async () => {
    const shopper = shoppers[0];
    const open = world.ecommerce.orders.find(
      (order) => order.status === 'pending' && order.shippingMethod === 'flatrate_flatrate' && order.customerId === shopper.webCustomerId,
    )!;
    const email = `moved.${counter}@example.vn`;
    const answer = await change(
      {
        customerId: shopper.customerId,
        phone: '0912 000 111',
        email: `  ${email.toUpperCase()} `,
        deliveryAddress: { firstName: 'Lan', lastName: 'Trần', street: ['45 Nguyễn Huệ'], city: 'Hà Nội' },
        consents: [
          { channel: 'EMAIL', granted: false },
          { channel: 'SMS', granted: false },
          { channel: 'ZALO', granted: false },
        ],
      },
      shopper.login,
    );
    expect(answer.errors).toBeUndefined();
    const payload = answer.data!.updateCustomerProfile;
    expect(payload.userErrors).toEqual([]);
    expect(payload.profileChange).toMatchObject({ phone: '+84912000111', email });
    expect(statusOf(payload.profileChange!.deliveries)).toEqual({ CRM: 'APPLIED', WEB_SHOP: 'APPLIED', OPEN_ORDERS: 'APPLIED' });

    expect(await partner(crmPartnerOf(shopper))).toMatchObject({
      phone: '+84912000111',
      email,
      street: '45 Nguyễn Huệ',
      city: 'Hà Nội',
      x_zalo_opt_out: true,
      x_push_opt_out: false,
    });
    const emailOptOut = await crmCall<unknown[]>(system.legacyUrls.crm, 'mail.blacklist', 'search_read', [
      [['email', '=', email]],
      ['active'],
    ]);
    expect(emailOptOut).toEqual([expect.objectContaining({ active: true })]);
    const smsOptOut = await crmCall<unknown[]>(system.legacyUrls.crm, 'phone.blacklist', 'search_read', [
      [['number', '=', '+84912000111']],
      ['active'],
    ]);
    expect(smsOptOut).toHaveLength(1);

    const account = await webShop<{
      email: string;
      addresses: { street: string[]; city: string; telephone: string; default_shipping?: boolean }[];
      extension_attributes: { is_subscribed: boolean };
    }>(`/customers/${shopper.webCustomerId}`);
    expect(account.email).toBe(email);
    expect(account.extension_attributes.is_subscribed).toBe(false);
    expect(account.addresses.find((address) => address.default_shipping)).toMatchObject({
      street: ['45 Nguyễn Huệ'],
      city: 'Hà Nội',
      telephone: '+84912000111',
    });
    const order = await webShop<{
      extension_attributes: { shipping_assignments: { shipping: { address: { street: string[]; city: string } } }[] };
    }>(`/orders/${open.entityId}`);
    expect(order.extension_attributes.shipping_assignments[0].shipping.address).toMatchObject({
      street: ['45 Nguyễn Huệ'],
      city: 'Hà Nội',
    });

    // The customer stays one customer: the new phone finds the same customer.
    const found = await run<{ customerByIdentifier: { id: string } | null }>(BY_PHONE, { value: '0912000111' }, 'agent');
    expect(found.data?.customerByIdentifier?.id).toBe(shopper.customerId);
    // And the graph shows where the change landed.
    const listed = await changesOf(shopper, shopper.login);
    expect(listed.totalCount).toBe(1);
    expect(statusOf(listed.edges[0].node.deliveries)).toEqual({ CRM: 'APPLIED', WEB_SHOP: 'APPLIED', OPEN_ORDERS: 'APPLIED' });
  }, 60_000);

  it('the web shop down: both changes wait PENDING with the reason, then land once each, in order', async () => {
    const shopper = shoppers[1];
    await knobs('ecommerce', { down: true });
    const first = await change({ customerId: shopper.customerId, email: `first.${counter}@example.vn` }, 'agent');
    const second = await change({ customerId: shopper.customerId, email: `second.${counter}@example.vn` }, 'agent');
    for (const answer of [first, second]) {
      expect(answer.errors).toBeUndefined();
      const deliveries = answer.data!.updateCustomerProfile.profileChange!.deliveries;
      expect(statusOf(deliveries)).toEqual({ CRM: 'APPLIED', WEB_SHOP: 'PENDING' });
    }
    const waiting = first.data!.updateCustomerProfile.profileChange!.deliveries.find((d) => d.system === 'WEB_SHOP')!;
    expect(waiting).toMatchObject({ lastErrorCode: 'ECOMMERCE_UNAVAILABLE', lastErrorReason: 'DOWN' });
    const latest = second.data!.updateCustomerProfile.profileChange!.email!;

    await clearCalls('ecommerce');
    await knobs('ecommerce', null);
    const settled = await eventually(
      () => changesOf(shopper, 'agent'),
      (list) => list.edges.every((edge) => edge.node.deliveries.every((d) => d.status === 'APPLIED')),
    );
    expect(settled.edges.map((edge) => statusOf(edge.node.deliveries))).toEqual([
      { CRM: 'APPLIED', WEB_SHOP: 'APPLIED' },
      { CRM: 'APPLIED', WEB_SHOP: 'APPLIED' },
    ]);
    expect((await webShop<{ email: string }>(`/customers/${shopper.webCustomerId}`)).email).toBe(latest);
    expect((await partner(crmPartnerOf(shopper))).email).toBe(latest);
    expect((await calls('ecommerce'))['customers.save']).toBe(2);
  }, 60_000);

  it('the CRM down: the phone waits, then the later phone wins and identity follows it', async () => {
    const shopper = shoppers[2];
    await knobs('crm', { down: true });
    const earlier = await change({ customerId: shopper.customerId, phone: '0913 111 222' }, shopper.login);
    const later = await change({ customerId: shopper.customerId, phone: '0913 333 444' }, shopper.login);
    const crmOf = (answer: typeof later) => answer.data!.updateCustomerProfile.profileChange!.deliveries.find((d) => d.system === 'CRM')!;
    expect(crmOf(earlier)).toMatchObject({ status: 'PENDING', lastErrorCode: 'CRM_UNAVAILABLE', lastErrorReason: 'DOWN' });
    // The later change waits behind the earlier one, untried.
    expect(crmOf(later)).toMatchObject({ status: 'PENDING', attempts: 0 });

    await knobs('crm', null);
    const settled = await eventually(
      () => changesOf(shopper, shopper.login),
      (list) => list.edges.every((edge) => edge.node.deliveries.every((d) => d.status === 'APPLIED')),
    );
    expect(settled.edges.map((edge) => edge.node.phone)).toEqual(['+84913333444', '+84913111222']);
    expect(settled.edges.flatMap((edge) => edge.node.deliveries.map((d) => d.status))).not.toContain('PENDING');
    expect((await partner(crmPartnerOf(shopper))).phone).toBe('+84913333444');
    const found = await run<{ customerByIdentifier: { id: string } | null }>(BY_PHONE, { value: '0913333444' }, 'agent');
    expect(found.data?.customerByIdentifier?.id).toBe(shopper.customerId);
  }, 60_000);

  it('an email another web account holds: the web shop FAILED with the reason, not retried; the CRM has it', async () => {
    const [shopper, other] = [shoppers[3], shoppers[4]];
    const answer = await change({ customerId: shopper.customerId, email: other.email }, 'agent');
    const web = answer.data!.updateCustomerProfile.profileChange!.deliveries.find((d) => d.system === 'WEB_SHOP')!;
    expect(web).toMatchObject({ status: 'FAILED', attempts: 1, lastErrorCode: 'EMAIL_TAKEN' });
    await sleep(1_000);
    const [latest] = (await changesOf(shopper, 'agent')).edges;
    expect(latest.node.deliveries.find((d) => d.system === 'WEB_SHOP')).toMatchObject({ status: 'FAILED', attempts: 1 });
  }, 30_000);

  it('refuses an invalid phone or email with a code: nothing recorded, no legacy call', async () => {
    const shopper = shoppers[5];
    await clearCalls('crm');
    await clearCalls('ecommerce');
    const phone = await change({ customerId: shopper.customerId, phone: '12' }, shopper.login);
    expect(phone.data!.updateCustomerProfile).toEqual({
      profileChange: null,
      userErrors: [expect.objectContaining({ code: 'INVALID_PHONE', field: ['input', 'phone'] })],
    });
    const email = await change({ customerId: shopper.customerId, email: 'not-an-address' }, 'agent');
    expect(email.data!.updateCustomerProfile.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_EMAIL' })]);
    expect((await changesOf(shopper, 'agent')).totalCount).toBe(0);
    expect(await calls('crm')).toEqual({});
    expect(await calls('ecommerce')).toEqual({});
  });

  it("refuses a customer changing another customer's profile, and a partner, with nothing recorded", async () => {
    const [shopper, other] = [shoppers[6], shoppers[7]];
    const forbidden = await change({ customerId: other.customerId, phone: '0914 000 000' }, shopper.login);
    expect(forbidden.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const partnerAnswer = await change({ customerId: other.customerId, phone: '0914 000 000' }, 'partner-marketplace');
    expect(partnerAnswer.data?.updateCustomerProfile ?? null).toBeNull();
    expect(partnerAnswer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    // Reading another customer's changes is refused too.
    const read = await run(CHANGES, { id: other.customerId }, shopper.login);
    expect(read.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    expect((await changesOf(other, 'agent')).totalCount).toBe(0);
  });
  // Journey 5: consent per channel, read in one place and honoured by the lists of customers to contact.
  const consentsOf = async (shopper: Shopper, as: string) =>
    (await run<{ customer: { profile: { consents: Record<string, boolean> } } }>(CONSENTS, { id: shopper.customerId }, as)).data!.customer
      .profile.consents;
  interface Audience {
    customersToContact: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string } }[];
    };
  }
  /** Every customer on a channel's list, page by page. */
  const audience = async (channel: string): Promise<{ ids: string[]; totalCount: number }> => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const answer: GraphQLAnswer<Audience> = await run<Audience>(TO_CONTACT, { channel, after }, 'steward');
      expect(answer.errors).toBeUndefined();
      const page: Audience['customersToContact'] = answer.data!.customersToContact;
      ids.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) return { ids, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  };

  it("reads every channel's consent from the CRM, and shows a change as soon as it has landed", async () => {
    const shopper = shoppers[8];
    const before = await consentsOf(shopper, shopper.login);
    expect(Object.keys(before).sort()).toEqual(['email', 'phone', 'push', 'sms', 'zalo']);
    const answer = await change(
      {
        customerId: shopper.customerId,
        consents: [
          { channel: 'ZALO', granted: false },
          { channel: 'PUSH', granted: false },
          { channel: 'PHONE', granted: false },
          { channel: 'SMS', granted: false },
        ],
      },
      shopper.login,
    );
    expect(statusOf(answer.data!.updateCustomerProfile.profileChange!.deliveries).CRM).toBe('APPLIED');
    expect(await consentsOf(shopper, shopper.login)).toEqual({ email: before.email, sms: false, zalo: false, push: false, phone: false });
    // Given back on one channel: only that one changes; an agent reads the same.
    await change({ customerId: shopper.customerId, consents: [{ channel: 'PUSH', granted: true }] }, 'agent');
    expect(await consentsOf(shopper, 'agent')).toEqual({ email: before.email, sms: false, zalo: false, push: true, phone: false });
  }, 30_000);

  it('the lists of customers to contact honour consent: a refusal of SMS takes the customer off the SMS list only', async () => {
    const [sms, email, zalo] = await Promise.all([audience('SMS'), audience('EMAIL'), audience('ZALO')]);
    expect(sms.ids).toHaveLength(sms.totalCount);
    expect(new Set(sms.ids).size).toBe(sms.ids.length);
    const shopper = shoppers.slice(9).find((s) => sms.ids.includes(s.customerId) && email.ids.includes(s.customerId))!;
    expect(shopper).toBeDefined();
    expect(zalo.ids).toContain(shopper.customerId);

    const answer = await change({ customerId: shopper.customerId, consents: [{ channel: 'SMS', granted: false }] }, shopper.login);
    expect(statusOf(answer.data!.updateCustomerProfile.profileChange!.deliveries).CRM).toBe('APPLIED');
    const [smsAfter, emailAfter, zaloAfter] = await Promise.all([audience('SMS'), audience('EMAIL'), audience('ZALO')]);
    expect(smsAfter.ids).not.toContain(shopper.customerId);
    expect(smsAfter.totalCount).toBe(sms.totalCount - 1);
    expect(emailAfter.ids).toContain(shopper.customerId);
    expect(emailAfter.totalCount).toBe(email.totalCount);
    expect(zaloAfter.ids).toContain(shopper.customerId);
  }, 60_000);

  it("lists nobody without an address for the channel, nor anyone whose address is on the CRM's opt-out list", async () => {
    interface Customer {
      id: string;
      emails: string[];
      phones: string[];
    }
    const everyone: Customer[] = [];
    for (let after: string | null = null; ;) {
      const answer: GraphQLAnswer<{
        customers: Omit<Audience['customersToContact'], 'edges'> & { edges: { node: Customer }[] };
      }> = await run(
        `query($after: String) { customers(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
          edges { node { id emails phones } } } }`,
        { after },
        'steward',
      );
      const page = answer.data!.customers;
      everyone.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const blacklisted = new Set(
      (await crmCall<{ email: string }[]>(system.legacyUrls.crm, 'mail.blacklist', 'search_read', [[], ['email']])).map((row) => row.email),
    );
    expect(blacklisted.size).toBeGreaterThan(0);
    const { ids: mailable } = await audience('EMAIL');
    const { ids: callable } = await audience('PHONE');
    const expectedMailable = everyone.filter((c) => c.emails.length > 0 && !c.emails.some((email) => blacklisted.has(email)));
    expect(new Set(mailable)).toEqual(new Set(expectedMailable.map((c) => c.id)));
    for (const customer of everyone.filter((c) => c.phones.length === 0)) expect(callable).not.toContain(customer.id);
  }, 60_000);

  it('lists nobody at all while the CRM cannot say who refused', async () => {
    await knobs('crm', { down: true });
    const down = await run<Audience>(TO_CONTACT, { channel: 'EMAIL', after: null }, 'steward');
    expect(down.data?.customersToContact ?? null).toBeNull();
    expect(down.errors?.map((error) => error.extensions?.code)).toEqual(['CRM_UNAVAILABLE']);
  }, 60_000);

  it('refuses the lists to everyone but the back office, calling no system', async () => {
    await clearCalls('crm');
    const expected: [string | null, string][] = [
      [shoppers[0].login, 'FORBIDDEN'],
      [associateAt(world.stores[0].plant), 'FORBIDDEN'],
      ['agent', 'FORBIDDEN'],
      ['partner-marketplace', 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ];
    for (const [as, code] of expected) {
      const answer = await run<Audience>(TO_CONTACT, { channel: 'SMS', after: null }, as);
      expect(answer.data?.customersToContact ?? null).toBeNull();
      expect(answer.errors?.map((error) => error.extensions?.code)).toEqual([code]);
    }
    expect(await calls('crm')).toEqual({});
  });
  // Journey 2: the customer stays one customer; the old phone still finds them where a store's receipts carry it.
  it('a changed phone: the new and the old number find the same customer, and receipts typed with the old one stay theirs', async () => {
    const taken = new Set(shoppers.map((s) => s.customerId));
    const partners = new Map(world.crm.partners.map((p) => [p.id, p]));
    const shared = new Set([...world.truth.households.map((h) => h.phone), ...world.truth.walkInPhones.map((w) => w.phone)]);
    // A member whose phone, and no card, a cashier captured on a sale.
    const member = shoppersOf(world).find((s) => {
      const phone = normalizePhone(partners.get(crmPartnerOf(s))?.phone ?? null);
      return (
        !taken.has(s.customerId) &&
        phone !== null &&
        !shared.has(phone) &&
        world.pos.transactions.some(
          (t) => t.kind === 'Sale' && t.customer?.loyaltyCard == null && normalizePhone(t.customer?.phone ?? null) === phone,
        )
      );
    })!;
    expect(member).toBeDefined();
    const oldPhone = normalizePhone(partners.get(crmPartnerOf(member))!.phone)!;
    const storeOrders = async () =>
      (
        await run<{ customer: { orderHistory: { edges: { node: { id: string } }[] } } }>(STORE_ORDERS, { id: member.customerId }, 'agent')
      ).data!.customer.orderHistory.edges.map((edge) => edge.node.id);
    const before = await storeOrders();
    expect(before.length).toBeGreaterThan(0);

    const answer = await change({ customerId: member.customerId, phone: '0987 654 321' }, 'agent');
    expect(statusOf(answer.data!.updateCustomerProfile.profileChange!.deliveries).CRM).toBe('APPLIED');
    // The CRM's chatter tracked the change, as Odoo's does.
    const tracked = await crmCall<{ old_value_char: string; new_value_char: string; field_id: [number, string] }[]>(
      system.legacyUrls.crm,
      'mail.tracking.value',
      'search_read',
      [
        [
          ['mail_message_id.res_id', '=', crmPartnerOf(member)],
          ['mail_message_id.model', '=', 'res.partner'],
        ],
        ['field_id', 'old_value_char', 'new_value_char'],
      ],
    );
    expect(tracked).toEqual([
      expect.objectContaining({
        field_id: [102, 'Phone (res.partner)'],
        new_value_char: '+84987654321',
        old_value_char: partners.get(crmPartnerOf(member))!.phone,
      }),
    ]);

    // The new number misses, so identity reads the CRM's changes (its timer is off here); then both find the member.
    const byNew = await run<{ customerByIdentifier: { id: string } | null }>(BY_PHONE, { value: '0987654321' }, 'agent');
    expect(byNew.data?.customerByIdentifier?.id).toBe(member.customerId);
    const byOld = await run<{ customerByIdentifier: { id: string } | null }>(BY_PHONE, { value: oldPhone }, 'agent');
    expect(byOld.data?.customerByIdentifier?.id).toBe(member.customerId);
    const customer = await run<{ customer: { phones: string[] } }>(
      `query($id: ID!) { customer(id: $id) { phones } }`,
      { id: member.customerId },
      'agent',
    );
    expect(customer.data!.customer.phones).toContain('+84987654321');
    expect(customer.data!.customer.phones).not.toContain(oldPhone);
    expect(new Set(await storeOrders())).toEqual(new Set(before));
  }, 60_000);
  it('a new phone alone goes on the address of the orders not yet shipped, the address kept', async () => {
    const taken = new Set(shoppers.map((s) => s.customerId));
    const open = world.ecommerce.orders.filter((order) => order.status === 'pending' && order.shippingMethod === 'flatrate_flatrate');
    const shopper = shoppersOf(world).find((s) => !taken.has(s.customerId) && open.some((order) => order.customerId === s.webCustomerId))!;
    const order = open.find((candidate) => candidate.customerId === shopper.webCustomerId)!;
    interface Shipped {
      extension_attributes: { shipping_assignments: { shipping: { address: { street: string[]; city: string; telephone: string } } }[] };
    }
    const addressOf = async () =>
      (await webShop<Shipped>(`/orders/${order.entityId}`)).extension_attributes.shipping_assignments[0].shipping.address;
    const before = await addressOf();
    const answer = await change({ customerId: shopper.customerId, phone: '0976 111 333' }, 'agent');
    expect(statusOf(answer.data!.updateCustomerProfile.profileChange!.deliveries)).toEqual({
      CRM: 'APPLIED',
      WEB_SHOP: 'APPLIED',
      OPEN_ORDERS: 'APPLIED',
    });
    expect(await addressOf()).toEqual({ ...before, telephone: '+84976111333' });
  }, 30_000);
  it("the web shop's seeded newsletter subscriptions follow each person's email consent", async () => {
    const consent = new Map(world.persons.map((person) => [person.personId, person.consentEmail]));
    const accounts = world.truth.persons.flatMap((truth) =>
      truth.webCustomerIds.map((id) => ({ id, consent: consent.get(truth.personId) })),
    );
    const sample = [...accounts.filter((a) => a.consent).slice(20, 23), ...accounts.filter((a) => !a.consent).slice(20, 23)];
    expect(sample).toHaveLength(6);
    for (const account of sample) {
      const web = await webShop<{ extension_attributes: { is_subscribed: boolean } }>(`/customers/${account.id}`);
      expect(web.extension_attributes.is_subscribed).toBe(account.consent);
    }
  });

  it('refuses Zalo, push and call consents for a customer the CRM has no record of: they would be kept nowhere', async () => {
    const webOnly = world.truth.persons.find((person) => person.crmPartnerIds.length === 0 && person.webCustomerIds.length === 1)!;
    const found = await run<{ customerByIdentifier: { id: string } }>(
      `query($v: String!) { customerByIdentifier(identifier: { kind: WEB_CUSTOMER_ID, value: $v }) { id } }`,
      { v: String(webOnly.webCustomerIds[0]) },
      'agent',
    );
    const customerId = found.data!.customerByIdentifier.id;
    await clearCalls('crm');
    const refused = await change({ customerId, consents: [{ channel: 'ZALO', granted: false }] }, 'agent');
    expect(refused.data!.updateCustomerProfile).toEqual({
      profileChange: null,
      userErrors: [expect.objectContaining({ code: 'CUSTOMER_NOT_IN_CRM', field: ['input', 'consents'] })],
    });
    expect(await calls('crm')).toEqual({});
  });

  it("a new phone replaces the old one where the CRM keeps it as the partner's mobile", async () => {
    const person = world.truth.persons.find((candidate) => {
      if (candidate.crmPartnerIds.length !== 1 || candidate.phones.length !== 1) return false;
      const record = world.crm.partners.find((p) => p.id === candidate.crmPartnerIds[0])!;
      return record.mobile !== null && record.phone === null;
    })!;
    const partnerId = person.crmPartnerIds[0];
    const customerId = (await run<{ customerByIdentifier: { id: string } }>(BY_PHONE, { value: person.phone }, 'agent')).data!
      .customerByIdentifier.id;
    const answer = await change({ customerId, phone: '0939 111 222' }, 'agent');
    expect(answer.data!.updateCustomerProfile.userErrors).toEqual([]);
    const read = async () =>
      (
        await crmCall<{ phone: string | false; mobile: string | false }[]>(system.legacyUrls.crm, 'res.partner', 'read', [
          [partnerId],
          ['phone', 'mobile'],
        ])
      )[0];
    expect(await eventually(read, (record) => record.mobile === '+84939111222')).toEqual({
      id: partnerId,
      phone: '+84939111222',
      mobile: '+84939111222',
    });
  });

  it("notes in the record of who looked that staff read a customer's profile changes, not the customer's own reads", async () => {
    const shopper = shoppers[0];
    const read = async () =>
      (
        await run<{ customer: { dataAccessLog: { edges: { node: { viewer: string; fields: string[] } }[] } } }>(
          `query($id: ID!) { customer(id: $id) { dataAccessLog(first: 100) { edges { node { viewer fields } } } } }`,
          { id: shopper.customerId },
          'steward',
        )
      ).data!.customer.dataAccessLog.edges.map((edge) => edge.node.viewer + ':' + edge.node.fields.join(','));
    const before = await read();
    await changesOf(shopper, shopper.login);
    expect(await read()).toEqual(before);
    await changesOf(shopper, 'agent');
    const agentReads = (entries: string[]) => entries.filter((entry) => entry === 'agent:profileChanges').length;
    expect(agentReads(await read())).toBe(agentReads(before) + 1);
  });
});
