import type { PosTransaction, World } from '../../legacy/seed/model';
import { posTransactionKey } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { RunningSystem, startSystem } from '../../scripts/system';
import { errorCodes, execute, GraphQLAnswer } from '../support/graphql';
import { headersAs } from '../support/tokens';

/**
 * When the POS head office is down, slow or failing: the rest of the answer is there, what only
 * the POS knows is null with an error naming it, and nothing internal leaks.
 */

const storeOrderId = (key: string) => Buffer.from(`StoreOrder:${key}`).toString('base64url');
const locationId = (plant: string) => Buffer.from(`Location:${plant}`).toString('base64url');

/** Every customer at once and an order: the back-office steward's to ask (customers:list, orders:read). */
const ORDER = `query($id: ID!) { customers(first: 1) { edges { node { displayName } } } order(id: $id) { number status } }`;
const HISTORY = `query($email: String!) { customerByIdentifier(identifier: { kind: EMAIL, value: $email }) {
  displayName orderHistory(first: 100) { totalCount edges { node { id channel } } } } }`;

interface History {
  customerByIdentifier: {
    displayName: string;
    orderHistory: { totalCount: number; edges: { node: { id: string; channel: string } }[] } | null;
  };
}

/** Nothing internal in what a client sees: no address, stack, path of the POS API or upstream body. */
function expectNothingLeaked(answer: GraphQLAnswer<unknown>): void {
  const errors = JSON.stringify(answer.errors ?? []);
  for (const leak of ['127.0.0.1', 'localhost', 'stack', 'poslog', 'nginx', '<html', 'at ']) expect(errors).not.toContain(leak);
}

describe('the pos subgraph when the POS fails', () => {
  let world: World;
  let system: RunningSystem;
  let sales: PosTransaction[];
  /** Each failure asks for receipts nobody read before: receipts read once are remembered. */
  const unread = () => sales.shift()!;
  const pos = () => system.legacy.pos.legacy;
  /** Asked as a persona, or by anyone for what is public. */
  const query = async <T>(text: string, variables: object, as: 'anyone' | 'agent' | 'steward') =>
    execute<T, object>(system.gatewayUrl, text, variables, as === 'anyone' ? {} : await headersAs(system, as));

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    sales = world.pos.transactions.filter((t) => t.kind === 'Sale');
    system = await startSystem({
      world,
      env: {
        IDENTITY_SYNC_INTERVAL_MS: '0',
        POS_FEED_LOOKBACK_DAYS: '3',
        POS_TIMEOUT_MS: '300',
        // Keep the circuit closed so each failure shows its own reason.
        POS_BREAKER_THRESHOLD: '100000',
      },
    });
  });
  afterEach(() => pos().resetKnobs());
  afterAll(() => system.stop());

  it('answers POS_UNAVAILABLE for a store order while the POS answers errors; the rest of the answer is there', async () => {
    pos().setKnobs({ errorRate: 1 });
    const answer = await query<{ customers: { edges: unknown[] }; order: unknown }>(
      ORDER,
      { id: storeOrderId(posTransactionKey(unread())) },
      'steward',
    );
    expect(answer.data?.customers.edges).toHaveLength(1);
    expect(answer.data?.order).toBeNull();
    expect(answer.errors?.map((e) => e.extensions)).toContainEqual(expect.objectContaining({ code: 'POS_UNAVAILABLE', reason: 'ERROR' }));
    expectNothingLeaked(answer);
  });

  it('gives up on a POS that does not answer after its timeout, and says so', async () => {
    pos().setKnobs({ hangRate: 1 });
    const answer = await query<{ customers: { edges: unknown[] }; order: unknown }>(
      ORDER,
      { id: storeOrderId(posTransactionKey(unread())) },
      'steward',
    );
    expect(answer.data?.customers.edges).toHaveLength(1);
    expect(answer.data?.order).toBeNull();
    expect(answer.errors?.map((e) => e.extensions)).toContainEqual(expect.objectContaining({ code: 'POS_UNAVAILABLE', reason: 'TIMEOUT' }));
    expectNothingLeaked(answer);
  });

  it('still lists a customer’s web orders when the POS is down, and names the POS as what is missing', async () => {
    const person = world.truth.persons.find(
      (p) =>
        p.webCustomerIds.length === 1 &&
        p.posTransactionKeys.length > 0 &&
        world.ecommerce.orders.some((o) => o.customerId === p.webCustomerIds[0]),
    )!;
    const webOrders = world.ecommerce.orders.filter((o) => o.customerId === person.webCustomerIds[0]);
    const before = await query<History>(HISTORY, { email: person.email }, 'agent');
    expect(before.errors).toBeUndefined();
    const channels = before.data!.customerByIdentifier.orderHistory!.edges.map((e) => e.node.channel);
    expect(channels).toContain('STORE');

    pos().setKnobs({ down: true });
    const answer = await query<History>(HISTORY, { email: person.email }, 'agent');
    expect(answer.data!.customerByIdentifier.displayName).toBe(before.data!.customerByIdentifier.displayName);
    const history = answer.data!.customerByIdentifier.orderHistory!;
    expect(history.edges.map((e) => e.node.channel)).toEqual(channels.filter((channel) => channel === 'WEB'));
    expect(history.totalCount).toBeGreaterThanOrEqual(webOrders.length);
    expect(errorCodes(answer)).toContain('POS_UNAVAILABLE');
    expectNothingLeaked(answer);
  });

  it('keeps serving stores’ till numbers from its cache while the POS is down', async () => {
    pos().setKnobs({ down: true });
    const store = world.stores[0];
    const answer = await query<{ location: { storeCode: string; openingHours: unknown[] } }>(
      'query($id: ID!) { location(id: $id) { storeCode openingHours { weekday } } }',
      { id: locationId(store.plant) },
      'anyone',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.location.storeCode).toBe(store.retailStoreId);
  });
});
