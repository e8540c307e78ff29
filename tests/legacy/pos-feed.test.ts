import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/pos/app';
import { createSchema, loadWorld } from '../../legacy/pos/store';
import { type PosTransaction, posTransactionKey, type World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

/** Reading receipts: the per-store feed, end-of-day batches, one receipt, and the customer lookup. */

const API_KEY = { 'x-api-key': 'pos-dev-key' };
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => ['Transaction', 'LineItem'].includes(name),
});
const localTime = (instant: Date) => new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 19);
const amount = (dong: number) => ({ '@CurrencyCode': 'VND', '#text': dong.toFixed(2) });

interface XmlTransaction {
  RetailStoreID: string;
  WorkstationID: string;
  SequenceNumber: string;
  BusinessDayDate: string;
  RetailTransaction: { '@TypeCode': string; LineItem: Record<string, unknown>[]; Total: Record<string, string>; [name: string]: unknown };
  [name: string]: unknown;
}

let world: World;
let app: FastifyInstance;

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url, headers: API_KEY });
  return { status: response.statusCode, body: response.body, doc: xml.parse(response.body) };
}

async function post(url: string) {
  const response = await app.inject({ method: 'POST', url, headers: API_KEY });
  return { status: response.statusCode, body: response.body, doc: xml.parse(response.body) };
}

const transactionsOf = (doc: { POSLog: { Transaction?: XmlTransaction[] } }) => doc.POSLog.Transaction ?? [];
const keyOf = (t: XmlTransaction) => `${t.RetailStoreID}-${t.WorkstationID}-${t.SequenceNumber}-${t.BusinessDayDate}`;
const storeReceipts = (retailStoreId: string) =>
  world.pos.transactions.filter((t) => t.retailStoreId === retailStoreId).sort((a, b) => a.sequenceNumber - b.sequenceNumber);
const transactionUrl = (t: PosTransaction) =>
  `/poslog/v1/transactions/${t.retailStoreId}/${t.workstationId}/${t.sequenceNumber}/${t.businessDay}`;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});

beforeEach(() => {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  app = buildApp({ db, env: {}, clock: () => world.now });
});

afterEach(() => app.close());

describe('near-real-time feed', () => {
  const store = '101';

  it('pages through the whole store in sequence order, following LastSequenceNumber', async () => {
    const seen: string[] = [];
    let since = 0;
    let pages = 0;
    for (;;) {
      const { status, doc } = await get(`/poslog/v1/stores/${store}/transactions?sinceSequence=${since}&limit=25`);
      expect(status).toBe(200);
      const control = doc.POSLog.FeedControl;
      const page = transactionsOf(doc);
      seen.push(...page.map(keyOf));
      expect(control.TransactionCount).toBe(String(page.length));
      pages += 1;
      if (control.MoreAvailable === 'false') break;
      expect(page).toHaveLength(25);
      since = Number(control.LastSequenceNumber);
    }
    expect(seen).toEqual(storeReceipts(store).map(posTransactionKey));
    expect(pages).toBe(Math.ceil(storeReceipts(store).length / 25));
  });

  it('gives 100 by default and quietly cuts a limit above 500 to 500', async () => {
    const byDefault = await get(`/poslog/v1/stores/${store}/transactions`);
    expect(byDefault.doc.POSLog.FeedControl.Limit).toBe('100');
    expect(transactionsOf(byDefault.doc)).toHaveLength(Math.min(100, storeReceipts(store).length));
    const huge = await get(`/poslog/v1/stores/${store}/transactions?limit=100000`);
    expect(huge.status).toBe(200);
    expect(huge.doc.POSLog.FeedControl.Limit).toBe('500');
    expect(transactionsOf(huge.doc)).toHaveLength(storeReceipts(store).length);
  });

  it("answers an empty page past the end, keeping the caller's cursor", async () => {
    const last = storeReceipts(store).at(-1)!.sequenceNumber;
    const { doc } = await get(`/poslog/v1/stores/${store}/transactions?sinceSequence=${last}`);
    expect(transactionsOf(doc)).toEqual([]);
    expect(doc.POSLog.FeedControl).toMatchObject({ TransactionCount: '0', LastSequenceNumber: String(last), MoreAvailable: 'false' });
  });

  it('refuses bad paging parameters and unknown stores', async () => {
    for (const query of ['limit=0', 'limit=ten', 'sinceSequence=-1', 'sinceSequence=1&sinceSequence=2']) {
      const { status, doc } = await get(`/poslog/v1/stores/${store}/transactions?${query}`);
      expect([query, status, doc.Error.Code]).toEqual([query, 400, 'InvalidParameter']);
    }
    expect((await get('/poslog/v1/stores/999/transactions')).status).toBe(404);
  });
});

describe('a receipt in POSLog', () => {
  it('shows a sale with gross ExtendedAmount, the discount beside it, tenders as line items and local times', async () => {
    const sale = world.pos.transactions.find((t) => t.kind === 'Sale' && t.lines.some((l) => l.discount > 0) && t.customer?.loyaltyCard)!;
    const { status, doc } = await get(transactionUrl(sale));
    expect(status).toBe(200);
    const [t] = transactionsOf(doc);
    expect(t).toMatchObject({
      RetailStoreID: sale.retailStoreId,
      BeginDateTime: localTime(sale.beginAt),
      EndDateTime: localTime(sale.endAt),
      OperatorID: sale.operatorId,
      CurrencyCode: 'VND',
    });
    const retail = t.RetailTransaction;
    expect(retail['@TypeCode']).toBe('Sale');
    const discounted = sale.lines.find((l) => l.discount > 0)!;
    const line = retail.LineItem.find((item) => item.SequenceNumber === String(discounted.lineNumber))!;
    expect(line.Sale).toMatchObject({
      ItemID: discounted.sku,
      POSIdentity: { '@POSIDType': 'GTIN', POSItemID: discounted.gtin },
      Quantity: String(discounted.quantity),
      RegularSalesUnitPrice: amount(discounted.unitPrice),
      ExtendedAmount: amount(discounted.unitPrice * discounted.quantity),
      RetailPriceModifier: { Amount: amount(discounted.discount) },
    });
    const tenders = retail.LineItem.filter((item) => item.Tender).map((item) => item.Tender);
    expect(tenders).toEqual(
      sale.tenders.map((tender) => ({ '@TenderType': tender.type, '@TypeCode': 'Sale', Amount: amount(tender.amount) })),
    );
    expect(retail.Total).toEqual({ '@TotalType': 'TransactionGrandAmount', ...amount(sale.total) });
    expect(retail.Customer).toEqual({ LoyaltyCard: sale.customer!.loyaltyCard });
  });

  it('shows a return linked to its original, refunded with negative tenders', async () => {
    const refund = world.pos.transactions.find((t) => t.kind === 'Return')!;
    const [t] = transactionsOf((await get(transactionUrl(refund))).doc);
    const [store, workstation, sequence] = refund.returnOf!.split('-');
    expect(t.RetailTransaction['@TypeCode']).toBe('Return');
    expect(t.RetailTransaction.TransactionLink).toEqual({
      '@ReasonCode': 'Return',
      RetailStoreID: store,
      WorkstationID: workstation,
      SequenceNumber: sequence,
      BusinessDayDate: refund.returnOf!.slice(-10),
    });
    const [line, tender] = t.RetailTransaction.LineItem;
    expect(line.Return).toMatchObject({ ItemID: refund.lines[0].sku, Quantity: '1', Disposition: 'ReturnToStock' });
    expect(tender.Tender).toMatchObject({ '@TypeCode': 'Refund', Amount: amount(refund.total) });
    expect(t.RetailTransaction.Total['#text']).toBe(refund.total.toFixed(2));
    expect(refund.total).toBeLessThan(0);
  });

  it('shows a pickup handover with the web order number and unpriced lines', async () => {
    const pickup = world.pos.transactions.find((t) => t.kind === 'PickupHandover')!;
    const [t] = transactionsOf((await get(transactionUrl(pickup))).doc);
    expect(t.RetailTransaction.TransactionLink).toEqual({ '@ReasonCode': 'Pickup', CustomerOrderID: pickup.pickupOrderId });
    const lines = t.RetailTransaction.LineItem.map((item) => item.CustomerOrderForPickup as Record<string, unknown>);
    expect(lines.map((l) => [l.ItemID, l.Quantity])).toEqual(pickup.lines.map((l) => [l.sku, String(l.quantity)]));
    expect(lines[0].ExtendedAmount).toBeUndefined();
    expect(t.RetailTransaction.Total['#text']).toBe('0.00');
  });

  it('answers 404 for an unknown key and 400 for a malformed one', async () => {
    const sale = world.pos.transactions[0];
    const unknown = await get(`/poslog/v1/transactions/${sale.retailStoreId}/${sale.workstationId}/${sale.sequenceNumber}/1999-01-01`);
    expect([unknown.status, unknown.doc.Error.Code]).toEqual([404, 'TransactionNotFound']);
    const malformed = await get(`/poslog/v1/transactions/${sale.retailStoreId}/one/${sale.sequenceNumber}/${sale.businessDay}`);
    expect([malformed.status, malformed.doc.Error.Code]).toEqual([400, 'InvalidParameter']);
    const badDay = await get(`/poslog/v1/transactions/${sale.retailStoreId}/1/${sale.sequenceNumber}/2026-02-30`);
    expect(badDay.status).toBe(400);
  });
});

describe('end-of-day batch', () => {
  const busiest = () => {
    const closed = new Set(world.pos.closedDays);
    const counts = new Map<string, PosTransaction[]>();
    for (const t of world.pos.transactions.filter((x) => closed.has(x.businessDay))) {
      const key = `${t.retailStoreId}/${t.businessDay}`;
      counts.set(key, [...(counts.get(key) ?? []), t]);
    }
    return [...counts.values()].sort((a, b) => b.length - a.length)[0];
  };

  it('answers a closed day with its control header, the same every time it is re-sent', async () => {
    const day = busiest();
    const { retailStoreId, businessDay } = day[0];
    const first = await get(`/poslog/v1/stores/${retailStoreId}/business-days/${businessDay}/batch`);
    expect(first.status).toBe(200);
    expect(first.doc.POSLog.BatchControl).toEqual({
      RetailStoreID: retailStoreId,
      BusinessDayDate: businessDay,
      Status: 'Closed',
      TransactionCount: String(day.length),
      GrandTotal: amount(day.reduce((sum, t) => sum + t.total, 0)),
    });
    expect(transactionsOf(first.doc).map(keyOf)).toEqual(day.sort((a, b) => a.sequenceNumber - b.sequenceNumber).map(posTransactionKey));
    const again = await get(`/poslog/v1/stores/${retailStoreId}/business-days/${businessDay}/batch`);
    expect(again.body).toBe(first.body);
  });

  it("refuses today's batch until the day is closed; closing is idempotent", async () => {
    const today = world.pos.transactions.filter((t) => t.businessDay === world.today && t.retailStoreId === '101');
    const url = `/poslog/v1/stores/101/business-days/${world.today}`;
    const open = await get(`${url}/batch`);
    expect([open.status, open.doc.Error.Code]).toEqual([409, 'BusinessDayOpen']);
    const closed = await post(`${url}/close`);
    expect(closed.status).toBe(200);
    expect(closed.doc.BatchControl).toMatchObject({ Status: 'Closed', TransactionCount: String(today.length) });
    expect((await post(`${url}/close`)).body).toBe(closed.body);
    const batch = await get(`${url}/batch`);
    expect(batch.status).toBe(200);
    expect(transactionsOf(batch.doc)).toHaveLength(today.length);
    expect((await get(`/poslog/v1/stores/102/business-days/${world.today}/batch`)).status).toBe(409);
  });

  it('refuses to close a day that has not begun, a malformed day and an unknown store', async () => {
    const future = await post('/poslog/v1/stores/101/business-days/2026-11-21/close');
    expect([future.status, future.doc.Error.Code]).toEqual([409, 'BusinessDayNotStarted']);
    const malformed = await get('/poslog/v1/stores/101/business-days/20261119/batch');
    expect([malformed.status, malformed.doc.Error.Code]).toEqual([400, 'InvalidParameter']);
    expect((await post(`/poslog/v1/stores/999/business-days/${world.today}/close`)).status).toBe(404);
  });
});

describe('customer lookup across stores', () => {
  const withCard = (card: string) => world.pos.transactions.filter((t) => t.customer?.loyaltyCard === card);
  const newestFirst = (ts: PosTransaction[]) => [...ts].sort((a, b) => b.endAt.getTime() - a.endAt.getTime()).map(posTransactionKey);
  const busiestCards = () => {
    const cards = [...new Set(world.pos.transactions.flatMap((t) => (t.customer?.loyaltyCard ? [t.customer.loyaltyCard] : [])))];
    return cards.sort((a, b) => withCard(b).length - withCard(a).length);
  };

  it('finds the receipts of several cards in one call, newest first', async () => {
    const [a, b] = busiestCards();
    const { status, doc } = await get(`/poslog/v1/transactions?loyaltyCard=${a}&loyaltyCard=${b}`);
    expect(status).toBe(200);
    expect(transactionsOf(doc).map(keyOf)).toEqual(newestFirst([...withCard(a), ...withCard(b)]));
    expect(doc.POSLog.LookupControl).toMatchObject({ Offset: '0', Limit: '100', MoreAvailable: 'false' });
  });

  it('matches a phone by its last nine digits whatever way it was typed', async () => {
    const receipt = world.pos.transactions.find((t) => t.customer?.phone)!;
    const typed = receipt.customer!.phone!;
    const international = `+84 ${typed.replace(/\D/g, '').slice(-9)}`;
    const { doc } = await get(`/poslog/v1/transactions?phone=${encodeURIComponent(international)}`);
    const found = transactionsOf(doc);
    expect(found.map(keyOf)).toContain(posTransactionKey(receipt));
    const last9 = typed.replace(/\D/g, '').slice(-9);
    for (const t of found)
      expect(
        String((t.RetailTransaction.Customer as { Phone: string }).Phone)
          .replace(/\D/g, '')
          .endsWith(last9),
      ).toBe(true);
  });

  it('pages with limit and offset and filters by business day', async () => {
    const [card] = busiestCards();
    const all = newestFirst(withCard(card));
    expect(all.length).toBeGreaterThan(2);
    const page = await get(`/poslog/v1/transactions?loyaltyCard=${card}&limit=2&offset=1`);
    expect(transactionsOf(page.doc).map(keyOf)).toEqual(all.slice(1, 3));
    expect(page.doc.POSLog.LookupControl.MoreAvailable).toBe(String(all.length > 3));
    const day = withCard(card)[0].businessDay;
    const oneDay = await get(`/poslog/v1/transactions?loyaltyCard=${card}&from=${day}&to=${day}`);
    expect(transactionsOf(oneDay.doc).map(keyOf)).toEqual(newestFirst(withCard(card).filter((t) => t.businessDay === day)));
  });

  it('refuses a lookup without a customer, a short phone and a bad date', async () => {
    for (const query of ['from=2026-11-01', 'phone=12345', 'loyaltyCard=1&from=yesterday']) {
      const { status, doc } = await get(`/poslog/v1/transactions?${query}`);
      expect([query, status, doc.Error.Code]).toEqual([query, 400, 'InvalidParameter']);
    }
  });
});
