import type { Caller } from '../../lib/context';
import type { CustomerIdentifiers, PosClient, Receipt } from '../../connectors/pos';
import { CustomerLookups } from '../../subgraphs/pos/customer-lookups';
import { createLoaders, PosServices } from '../../subgraphs/pos/loaders';
import { LRUCache } from 'lru-cache';
import type { SalesFeed } from '../../connectors/pos';
import type { StoreDirectory } from '../../connectors/pos';
import type { StoreCustomer } from '../../subgraphs/pos/model';

/**
 * The status of older store sales after the order index: the returns come from the index's own
 * customer lookup in the same gateway request when it asked for every card and phone on the sales,
 * and from a lookup of their own otherwise.
 */

const callCenterAgent = (id: string): Caller => ({
  id,
  roles: ['call-center-agent'],
  scopes: ['customers:read', 'orders:read'],
  customerId: null,
  stores: [],
  clientId: 'omnigraph-staff',
});
const agent = callCenterAgent('agent-1');
/** The feed follows from here: returns of sales before it need a lookup. */
const FOLLOWED_FROM = '2026-11-15';

function receipt(kind: Receipt['kind'], sequenceNumber: number, businessDay: string, captured: Partial<Receipt> = {}): Receipt {
  return {
    key: `101-1-${sequenceNumber}-${businessDay}`,
    retailStoreId: '101',
    workstationId: 1,
    sequenceNumber,
    businessDay,
    kind,
    startedAt: `${businessDay}T10:00:00+07:00`,
    endedAt: `${businessDay}T10:02:00+07:00`,
    currencyCode: 'VND',
    lines: [],
    tenders: [],
    total: kind === 'Return' ? -100n : 100n,
    loyaltyCard: null,
    phone: null,
    returnOf: null,
    webOrderNumber: null,
    ...captured,
  };
}

/** Lan: card LC-1 and phone 0901 234 567; her sale of 1 November was partly returned on the 3rd, captured by phone only. */
const sale = receipt('Sale', 1, '2026-11-01', { loyaltyCard: 'LC-1', phone: '0901 234 567' });
const refund = receipt('Return', 2, '2026-11-03', { phone: '+84901234567', returnOf: sale.key });
/** A return of her sale rung up on someone else's card: a lookup by what her sale captured does not find it. */
const onOtherCard = receipt('Return', 3, '2026-11-04', { loyaltyCard: 'LC-9', returnOf: sale.key });
const lan: StoreCustomer = { loyaltyCards: ['LC-1'], phones: ['+84 901 234 567'], sharedPhones: [], confirmedStoreSales: [] };
const nobodyElse = { phones: [], sharedPhones: [], confirmedStoreSales: [] };

describe('returns of older store sales after the order index', () => {
  let lookups: { identifiers: CustomerIdentifiers; from?: string }[];
  let lookupsKept: CustomerLookups;
  let services: PosServices;

  beforeEach(() => {
    lookups = [];
    const ledger = [sale, refund, onOtherCard];
    const pos = {
      customerReceipts: async (identifiers: CustomerIdentifiers, from?: string) => {
        lookups.push({ identifiers, from });
        const cards = new Set(identifiers.loyaltyCards);
        const phones = new Set(identifiers.phones.map((phone) => phone.replace(/\D/g, '').slice(-9)));
        return ledger.filter(
          (r) =>
            (r.loyaltyCard !== null && cards.has(r.loyaltyCard)) || (r.phone !== null && phones.has(r.phone.replace(/\D/g, '').slice(-9))),
        );
      },
    } as unknown as PosClient;
    const salesFeed = { returnsCompleteFrom: () => FOLLOWED_FROM, returnsOf: () => [] } as unknown as SalesFeed;
    lookupsKept = new CustomerLookups();
    services = { pos, receipts: new LRUCache<string, Receipt>({ max: 100 }), salesFeed, directory: {} as StoreDirectory };
  });

  /** One subgraph request of a gateway request: loaders of their own, as the gateway calls pos once per step. */
  const subgraphRequest = (requestId: string, caller: Caller = agent) => createLoaders(services, lookupsKept.of({ requestId, caller }));

  it('finds them in the index’s lookup of the same request: one lookup in all, the same returns', async () => {
    const sales = await subgraphRequest('r-1').salesOfCustomer.load(lan);
    expect(sales).toEqual([sale]);
    expect(await subgraphRequest('r-1').returnsOfSale.load(sale)).toEqual([refund]);
    expect(lookups).toHaveLength(1);
  });

  it('looks them up as before for another caller reusing the request id, or another request', async () => {
    await subgraphRequest('chosen-by-client').salesOfCustomer.load(lan);
    expect(await subgraphRequest('chosen-by-client', callCenterAgent('agent-2')).returnsOfSale.load(sale)).toEqual([refund]);
    expect(await subgraphRequest('r-2').returnsOfSale.load(sale)).toEqual([refund]);
    expect(lookups.slice(1)).toEqual([
      { identifiers: { loyaltyCards: ['LC-1'], phones: ['0901 234 567'] }, from: '2026-11-01' },
      { identifiers: { loyaltyCards: ['LC-1'], phones: ['0901 234 567'] }, from: '2026-11-01' },
    ]);
  });

  it('looks them up when the sale captured a card or phone the index did not ask for', async () => {
    await subgraphRequest('r-1').salesOfCustomer.load({ loyaltyCards: ['LC-1'], ...nobodyElse });
    expect(await subgraphRequest('r-1').returnsOfSale.load(sale)).toEqual([refund]);
    expect(lookups).toHaveLength(2);
  });

  it('answers exactly what the sales’ own lookup would, even when the index also looked up other customers', async () => {
    await subgraphRequest('r-1').salesOfCustomer.loadMany([lan, { loyaltyCards: ['LC-9'], ...nobodyElse }]);
    expect(await subgraphRequest('r-1').returnsOfSale.load(sale)).toEqual([refund]);
    expect(await subgraphRequest('r-2').returnsOfSale.load(sale)).toEqual([refund]);
    expect(lookups).toHaveLength(2);
  });
});
