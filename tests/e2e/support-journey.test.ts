import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { encodeId } from '../../lib/ids';
import { RunningSystem, startSystem } from '../../scripts/system';
import { execute, GraphQLAnswer } from '../support/graphql';
import { journeyPersonas, Shopper, shoppersOf, signerFor } from '../support/journey-personas';

/**
 * Support that follows the customer (issue 15, journey 3), through the gateway against the real
 * stand-ins: a Zalo message found by the Zalo id opens a case; the customer then calls; the agent
 * finds them by their phone typed another way, sees the Zalo message in the same case, logs the
 * call on the same ticket, hands the case to the stores and closes it. Then every refusal, and the
 * CRM down: each with nothing written to the CRM.
 */

const AGENT = 'agent';
/** The channel bridges (Zalo, Facebook, chat) log as Omnigraph's service. */
const BRIDGE = 'omnigraph-jobs';

const LOG = `mutation($input: LogSupportInteractionInput!) { logSupportInteraction(input: $input) {
  ticket { id subject status team messages { channel author text internal } }
  customer { id displayName }
  userErrors { code field message } } }`;
const HAND_OVER = `mutation($input: HandOverSupportCaseInput!) { handOverSupportCase(input: $input) {
  ticket { id status team messages { channel author text internal } } userErrors { code field message } } }`;
const CLOSE = `mutation($input: CloseSupportCaseInput!) { closeSupportCase(input: $input) {
  ticket { id status messages { channel author text internal } } userErrors { code field message } } }`;
const BY_PHONE = `query($phone: String!) { customerByIdentifier(identifier: { kind: PHONE, value: $phone }) {
  id displayName
  orderHistory(first: 5) { edges { node { number channel } } }
  supportTickets(first: 10, status: [NEW, IN_PROGRESS]) { edges { node { id subject status team messages { channel author text } } } }
  recentInteractions(first: 3) { channel author text ticket { id } }
} }`;
const BY_ZALO = `query($value: String!) { customerByIdentifier(identifier: { kind: ZALO, value: $value }) { id displayName } }`;

interface Message {
  channel: string;
  author: string;
  text: string;
  internal: boolean;
}
interface Ticket {
  id: string;
  subject: string;
  status: string;
  team: string | null;
  messages: Message[];
}
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
interface LogAnswer {
  ticket: Ticket | null;
  customer: { id: string; displayName: string } | null;
  userErrors: UserError[];
}

let keyCounter = 0;
const key = (label: string) => `${label}-${(keyCounter += 1)}`;

/** Someone the CRM knows on Zalo, with one CRM record whose phone no one else holds, and no seeded case of their own. */
function zaloCustomer(world: World) {
  const shared = new Set(world.truth.households.map((household) => household.phone));
  const withCases = new Set(world.crm.tickets.map((ticket) => ticket.partnerId));
  for (const handle of world.truth.socialHandles) {
    const truth = world.truth.persons.find((person) => person.personId === handle.personId)!;
    const partner = world.crm.partners.find((candidate) => candidate.id === handle.crmPartnerId)!;
    if (!handle.zaloUserId || truth.crmPartnerIds.length !== 1 || shared.has(truth.phone) || withCases.has(partner.id) || !partner.phone)
      continue;
    const person = world.persons.find((candidate) => candidate.personId === handle.personId)!;
    return { zalo: handle.zaloUserId, name: person.fullName, e164: truth.phone, customerId: encodeId('Customer', `CRM:${partner.id}`) };
  }
  throw new Error('no Zalo customer in the world');
}

/** The phone as a caller ID shows it, another way than the CRM has it: `+84 90 123 4567`. */
const typedAnotherWay = (e164: string) => `+84 ${e164.slice(3, 5)} ${e164.slice(5, 8)} ${e164.slice(8)}`;

describe('support that follows the customer', () => {
  const world = generateWorld({ seed: 7, size: 'small' });
  const shoppers: Shopper[] = shoppersOf(world).slice(0, 2);
  let system: RunningSystem;
  const signAs = signerFor(() => system);
  const run = async <T>(text: string, variables: object, as: string | null): Promise<GraphQLAnswer<T>> =>
    execute<T, object>(system.gatewayUrl, text, variables, await signAs(as));
  const log = async (input: object, as: string | null) => run<{ logSupportInteraction: LogAnswer | null }>(LOG, { input }, as);
  /** CRM writes so far: creates and writes, whatever the model. */
  const crmWrites = () =>
    Object.entries(system.legacy.crm.legacy.calls.snapshot().byOperation)
      .filter(([operation]) => /\.(create|write)$/.test(operation))
      .reduce((sum, [, count]) => sum + count, 0);

  beforeAll(async () => {
    system = await startSystem({
      world,
      personas: journeyPersonas(world, shoppers),
      env: {
        LOG_LEVEL: 'silent',
        IDENTITY_SYNC_INTERVAL_MS: '0',
        COMMERCE_STATE_FILE: ':memory:',
        CRM_BREAKER_THRESHOLD: '1000',
        // A refusal is checked by counting every CRM call around it: the partner follower's own reads would be counted too.
        CRM_PROFILE_FOLLOW_MS: '0',
      },
    });
  }, 60_000);
  afterAll(() => system?.stop());
  afterEach(() => system.legacy.crm.legacy.resetKnobs());

  it('follows one case from Zalo to a call to the store team, to closed', async () => {
    const customer = zaloCustomer(world);
    // identity knows the customer by the Zalo id their CRM record carries
    const found = await run<{ customerByIdentifier: { id: string } }>(BY_ZALO, { value: customer.zalo }, AGENT);
    expect(found.errors).toBeUndefined();
    expect(found.data!.customerByIdentifier.id).toBe(customer.customerId);

    // 1. the Zalo bridge logs the message: a new case, with the social team
    const zalo = await log(
      {
        contact: { kind: 'ZALO', value: customer.zalo },
        channel: 'ZALO',
        text: 'Áo mình mua hôm qua bị lỗi đường may, đổi được không shop?',
        idempotencyKey: key('zalo'),
      },
      BRIDGE,
    );
    expect(zalo.errors).toBeUndefined();
    const opened = zalo.data!.logSupportInteraction!;
    expect(opened.userErrors).toEqual([]);
    expect(opened.customer).toEqual({ id: customer.customerId, displayName: expect.any(String) });
    expect(opened.ticket).toMatchObject({
      status: 'NEW',
      team: 'SOCIAL',
      subject: 'Áo mình mua hôm qua bị lỗi đường may, đổi được không shop?',
      messages: [
        { channel: 'ZALO', author: 'CUSTOMER', text: 'Áo mình mua hôm qua bị lỗi đường may, đổi được không shop?', internal: false },
      ],
    });
    const ticketId = opened.ticket!.id;

    // 2. the customer calls; the agent finds them by the phone the caller ID shows, and sees the Zalo message in the case
    const view = await run<{
      customerByIdentifier: {
        id: string;
        orderHistory: { edges: unknown[] };
        supportTickets: { edges: { node: Ticket }[] };
        recentInteractions: { channel: string; text: string; ticket: { id: string } }[];
      };
    }>(BY_PHONE, { phone: typedAnotherWay(customer.e164) }, AGENT);
    expect(view.errors).toBeUndefined();
    const seen = view.data!.customerByIdentifier;
    expect(seen.id).toBe(customer.customerId);
    expect(seen.orderHistory).toBeDefined();
    expect(seen.supportTickets.edges.map((edge) => edge.node.id)).toContain(ticketId);
    expect(seen.supportTickets.edges.find((edge) => edge.node.id === ticketId)!.node.messages).toEqual([
      { channel: 'ZALO', author: 'CUSTOMER', text: expect.stringContaining('lỗi đường may') },
    ]);
    expect(seen.recentInteractions[0]).toMatchObject({ channel: 'ZALO', ticket: { id: ticketId } });

    // 3. the agent logs the call on the same ticket, the customer's words and the answer
    const call = await log(
      {
        customerId: customer.customerId,
        ticketId,
        channel: 'PHONE',
        text: 'Khách gọi lại về chiếc áo lỗi đã nhắn qua Zalo.',
        idempotencyKey: key('call'),
      },
      AGENT,
    );
    expect(call.errors).toBeUndefined();
    expect(call.data!.logSupportInteraction!.ticket!.id).toBe(ticketId);
    const answer = {
      customerId: customer.customerId,
      ticketId,
      channel: 'PHONE',
      author: 'AGENT',
      text: 'Dạ anh/chị mang áo ra cửa hàng để đổi ạ.',
      idempotencyKey: key('answer'),
    };
    const answered = await log(answer, AGENT);
    expect(answered.data!.logSupportInteraction!.ticket!.messages.map((m) => [m.channel, m.author])).toEqual([
      ['ZALO', 'CUSTOMER'],
      ['PHONE', 'CUSTOMER'],
      ['PHONE', 'AGENT'],
    ]);

    // the same key again changes nothing and answers the same
    const writes = crmWrites();
    const replay = await log(answer, AGENT);
    expect(replay.data!.logSupportInteraction!.ticket!.messages).toHaveLength(3);
    expect(crmWrites()).toBe(writes);

    // 4. handed to the store team, with a note staff read in the transcript
    const handed = await run<{ handOverSupportCase: { ticket: Ticket; userErrors: UserError[] } }>(
      HAND_OVER,
      { input: { ticketId, team: 'STORES', note: 'Khách sẽ mang áo ra Sao Mai Quận 1 chiều nay.', idempotencyKey: key('hand') } },
      AGENT,
    );
    expect(handed.errors).toBeUndefined();
    expect(handed.data!.handOverSupportCase).toMatchObject({
      userErrors: [],
      ticket: { id: ticketId, status: 'IN_PROGRESS', team: 'STORES' },
    });
    expect(handed.data!.handOverSupportCase.ticket.messages.at(-1)).toEqual({
      channel: 'PHONE',
      author: 'AGENT',
      text: 'Khách sẽ mang áo ra Sao Mai Quận 1 chiều nay.',
      internal: true,
    });

    // 5. closed at the store, with its resolution
    const closed = await run<{ closeSupportCase: { ticket: Ticket; userErrors: UserError[] } }>(
      CLOSE,
      { input: { ticketId, resolution: 'Đã đổi áo mới tại cửa hàng.', channel: 'STORE', idempotencyKey: key('close') } },
      'associate-s101',
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closeSupportCase).toMatchObject({ userErrors: [], ticket: { id: ticketId, status: 'SOLVED' } });
    expect(closed.data!.closeSupportCase.ticket.messages.at(-1)).toMatchObject({ channel: 'STORE', text: 'Đã đổi áo mới tại cửa hàng.' });

    // no longer among the open cases; a message on it is refused, nothing written
    const after = await run<{ customerByIdentifier: { supportTickets: { edges: { node: Ticket }[] } } }>(
      BY_PHONE,
      { phone: customer.e164 },
      AGENT,
    );
    expect(after.data!.customerByIdentifier.supportTickets.edges.map((edge) => edge.node.id)).not.toContain(ticketId);
    const before = crmWrites();
    const late = await log(
      { customerId: customer.customerId, ticketId, channel: 'CHAT', text: 'Cảm ơn shop.', idempotencyKey: key('late') },
      AGENT,
    );
    expect(late.data!.logSupportInteraction!.userErrors.map((error) => error.code)).toEqual(['CASE_CLOSED']);
    expect(crmWrites()).toBe(before);
  });

  it('lets a signed-in customer continue their own case from the app, and no one else’s', async () => {
    const [me, other] = shoppers;
    const mine = await log({ channel: 'APP', text: 'Mình muốn hỏi về đơn hàng gần nhất.', idempotencyKey: key('app') }, me.login);
    expect(mine.errors).toBeUndefined();
    const ticketId = mine.data!.logSupportInteraction!.ticket!.id;
    expect(mine.data!.logSupportInteraction).toMatchObject({ customer: { id: me.customerId }, ticket: { team: 'SOCIAL' } });
    const again = await log({ ticketId, channel: 'APP', text: 'Mình bổ sung mã đơn ạ.', idempotencyKey: key('app') }, me.login);
    expect(again.data!.logSupportInteraction!.ticket!.messages.map((m) => m.author)).toEqual(['CUSTOMER', 'CUSTOMER']);

    const writes = crmWrites();
    // another customer, on this case: FORBIDDEN, nothing written
    const theirs = await log({ ticketId, channel: 'APP', text: 'Xin chào', idempotencyKey: key('other') }, other.login);
    expect(theirs.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    // a customer logging for someone else, or as staff on the phone: FORBIDDEN
    const forOther = await log({ customerId: me.customerId, channel: 'APP', text: 'Xin chào', idempotencyKey: key('other') }, other.login);
    expect(forOther.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const asPhone = await log({ ticketId, channel: 'PHONE', text: 'Xin chào', idempotencyKey: key('phone') }, me.login);
    expect(asPhone.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    // customers cannot hand over or close
    const close = await run<unknown>(CLOSE, { input: { ticketId, resolution: 'xong', idempotencyKey: key('close') } }, me.login);
    expect(close.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(crmWrites()).toBe(writes);
  });

  it('notes in the record of who looked a case an agent read through a mutation’s answer', async () => {
    const customer = zaloCustomer(world);
    const entries = async () =>
      (
        await run<{ customer: { dataAccessLog: { edges: { node: { viewer: string; fields: string[] } }[] } } }>(
          `query($id: ID!) { customer(id: $id) { dataAccessLog(first: 100) { edges { node { viewer fields } } } } }`,
          { id: customer.customerId },
          'steward',
        )
      ).data!.customer.dataAccessLog.edges.filter((edge) => edge.node.viewer === AGENT && edge.node.fields.includes('supportTickets'))
        .length;
    const before = await entries();
    // Only the case, by reference: no Customer field is asked for.
    const answer = await run<{ logSupportInteraction: { ticket: { messages: unknown[] } } }>(
      `mutation($input: LogSupportInteractionInput!) { logSupportInteraction(input: $input) { ticket { id messages { text } } } }`,
      {
        input: {
          contact: { kind: 'ZALO', value: customer.zalo },
          channel: 'PHONE',
          text: 'Khách hỏi lại.',
          idempotencyKey: key('read-record'),
        },
      },
      AGENT,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.logSupportInteraction.ticket.messages.length).toBeGreaterThan(0);
    expect(await entries()).toBe(before + 1);
  });

  it('refuses partners and anonymous callers before any CRM call', async () => {
    const before = system.legacy.crm.legacy.calls.snapshot().total;
    const input = {
      contact: { kind: 'ZALO', value: zaloCustomer(world).zalo },
      channel: 'ZALO',
      text: 'Xin chào',
      idempotencyKey: key('x'),
    };
    const anonymous = await log(input, null);
    expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const partner = await log(input, 'partner-marketplace');
    expect(partner.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(system.legacy.crm.legacy.calls.snapshot().total).toBe(before);
  });

  it('answers bad input with a coded userError and writes nothing', async () => {
    const customer = zaloCustomer(world);
    const writes = crmWrites();
    const codes = async (input: object) =>
      (await log({ channel: 'CHAT', idempotencyKey: key('bad'), ...input }, AGENT)).data!.logSupportInteraction!.userErrors.map(
        (e) => e.code,
      );
    expect(await codes({ customerId: customer.customerId, text: '   ' })).toEqual(['INVALID_INPUT']);
    expect(await codes({ contact: { kind: 'ZALO', value: '999999999999999999' }, text: 'Xin chào' })).toEqual(['CUSTOMER_NOT_FOUND']);
    expect(await codes({ contact: { kind: 'PHONE', value: '12' }, text: 'Xin chào' })).toEqual(['INVALID_IDENTIFIER']);
    expect(await codes({ customerId: customer.customerId, ticketId: encodeId('SupportTicket', '999999'), text: 'Xin chào' })).toEqual([
      'CASE_NOT_FOUND',
    ]);
    const handOver = await run<{ handOverSupportCase: { userErrors: UserError[] } }>(
      HAND_OVER,
      { input: { ticketId: encodeId('SupportTicket', '999999'), team: 'STORES', note: 'x', idempotencyKey: key('bad') } },
      AGENT,
    );
    expect(handOver.data!.handOverSupportCase.userErrors.map((e) => e.code)).toEqual(['CASE_NOT_FOUND']);
    expect(crmWrites()).toBe(writes);
  });

  it('with the CRM down: CRM_UNAVAILABLE, nothing half written, and the same key works once it is back', async () => {
    const customer = zaloCustomer(world);
    const input = {
      contact: { kind: 'ZALO', value: customer.zalo },
      channel: 'ZALO',
      text: 'Shop ơi cho mình hỏi size áo.',
      idempotencyKey: key('down'),
    };
    system.legacy.crm.legacy.setKnobs({ down: true });
    const down = await log(input, BRIDGE);
    expect(down.errors?.map((error) => error.extensions?.code)).toEqual(['CRM_UNAVAILABLE']);
    expect(JSON.stringify(down.errors)).not.toMatch(/odoo|jsonrpc|127\.0\.0\.1|stack/i);
    system.legacy.crm.legacy.resetKnobs();
    const back = await log(input, BRIDGE);
    expect(back.errors).toBeUndefined();
    const ticket = back.data!.logSupportInteraction!.ticket!;
    expect(ticket.messages).toHaveLength(1);
    // one ticket for the message, not one per attempt
    const view = await run<{ customerByIdentifier: { supportTickets: { edges: { node: Ticket }[] } } }>(
      BY_PHONE,
      { phone: customer.e164 },
      AGENT,
    );
    const withText = view.data!.customerByIdentifier.supportTickets.edges.filter((edge) =>
      edge.node.messages.some((message) => message.text === 'Shop ơi cho mình hỏi size áo.'),
    );
    expect(withText).toHaveLength(1);
  });
});
