import { timedFloorMs, type SystemCall } from '../../bench/omnichannel/legacy-cost';
import { NEEDED_CHAIN } from '../../bench/omnichannel/workloads';

const call = (system: string, operation: string, startedAtMs: number, endedAtMs: number): SystemCall => ({
  system,
  operation,
  startedAtMs,
  endedAtMs,
});

describe('the timed floor of the omnichannel bench', () => {
  it('sums the slowest call of each needed step: customer 360’s first reads, then the messages and points history', () => {
    const calls = [
      call('crm', 'helpdesk.ticket.search_read', 0, 22),
      call('crm', 'loyalty.card.search_read', 0, 27),
      call('ecommerce', 'GET /orders', 1, 24),
      call('crm', 'mail.message.search_read', 23, 41),
      call('crm', 'loyalty.history.search_read', 28, 52),
    ];
    expect(timedFloorMs(calls, NEEDED_CHAIN.customer360)).toBe(27 + 24);
  });

  it('takes the slowest call of a one-step read, and no floor where the steps repeat an operation', () => {
    expect(
      timedFloorMs([call('pos', 'GET /poslog/v1/transactions', 0, 25), call('ecommerce', 'GET /orders', 0, 21)], NEEDED_CHAIN.orderHistory),
    ).toBe(25);
    expect(timedFloorMs([call('crm', 'loyalty.card.search_read', 0, 20)], NEEDED_CHAIN.counterRedemption)).toBeNull();
  });
});
