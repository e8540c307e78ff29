import type { Role } from '../../lib/access';
import { ANONYMOUS, Caller } from '../../lib/context';
import type { WebOrderRecord } from '../../connectors/ecommerce';
import { IndexedOrders } from '../../subgraphs/ecommerce/indexed-orders';

/** The orders an order index read, kept for the WebOrder fetch of the same gateway request and no one else. */

const order = (number: string) => ({ number }) as WebOrderRecord;
const callCenterAgent = (id: string, roles: Role[] = ['call-center-agent']): Caller => ({
  id,
  roles,
  scopes: ['customers:read', 'orders:read'],
  customerId: null,
  stores: [],
  clientId: 'omnigraph-staff',
});
const agent = callCenterAgent('agent-1');

describe('orders kept from a request’s order index', () => {
  let clock: number;
  const indexed = (capacity = 100) => new IndexedOrders(capacity, 30_000, () => clock);
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('answers the same request and caller, by increment id in any case', () => {
    const orders = indexed();
    orders.of({ requestId: 'r-1', caller: agent }).remember([order('000000042'), order('WEB-7')]);
    const later = orders.of({ requestId: 'r-1', caller: agent });
    expect(later.recall('000000042')).toEqual(order('000000042'));
    expect(later.recall('web-7')).toEqual(order('WEB-7'));
    expect(later.recall('000000043')).toBeUndefined();
  });

  it('never answers another caller reusing the request id, nor another request of the same caller', () => {
    const orders = indexed();
    orders.of({ requestId: 'chosen-by-client', caller: agent }).remember([order('000000042')]);
    expect(orders.of({ requestId: 'chosen-by-client', caller: callCenterAgent('agent-2') }).recall('000000042')).toBeUndefined();
    expect(
      orders
        .of({ requestId: 'chosen-by-client', caller: callCenterAgent('agent-1', ['call-center-agent', 'store-manager']) })
        .recall('000000042'),
    ).toBeUndefined();
    expect(orders.of({ requestId: 'chosen-by-client', caller: ANONYMOUS }).recall('000000042')).toBeUndefined();
    expect(orders.of({ requestId: 'r-2', caller: agent }).recall('000000042')).toBeUndefined();
  });

  it('forgets a request’s orders after 30 seconds', () => {
    const orders = indexed();
    orders.of({ requestId: 'r-1', caller: agent }).remember([order('000000042')]);
    clock += 29_999;
    expect(orders.of({ requestId: 'r-1', caller: agent }).recall('000000042')).toBeDefined();
    clock += 1;
    expect(orders.of({ requestId: 'r-1', caller: agent }).recall('000000042')).toBeUndefined();
  });

  it('holds a bounded number of orders, letting the oldest requests’ go first', () => {
    const orders = indexed(3);
    orders.of({ requestId: 'r-1', caller: agent }).remember([order('1'), order('2')]);
    orders.of({ requestId: 'r-2', caller: agent }).remember([order('3'), order('4')]);
    expect(orders.of({ requestId: 'r-1', caller: agent }).recall('1')).toBeUndefined();
    expect(orders.of({ requestId: 'r-2', caller: agent }).recall('3')).toBeDefined();
    expect(orders.of({ requestId: 'r-2', caller: agent }).recall('4')).toBeDefined();
  });
});
