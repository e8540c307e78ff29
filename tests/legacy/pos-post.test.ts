import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import { openDatabase } from '../../legacy/kit/db';
import { buildApp } from '../../legacy/pos/app';
import { createSchema, loadWorld } from '../../legacy/pos/store';
import { type PosTransaction, posTransactionKey, type Product, type World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';

/** Writes from the counter: sales, returns and pickup handovers posted as POSLog, and what they change. */

const API_KEY = { 'x-api-key': 'pos-dev-key' };
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => ['Transaction', 'LineItem'].includes(name),
});
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@' });
const vnd = (dong: number) => ({ '@CurrencyCode': 'VND', '#text': dong.toFixed(2) });

interface ItemLine {
  sku?: string;
  gtin?: string;
  quantity: number | string;
  price?: number;
  discount?: number;
  disposition?: string;
}

interface Draft {
  kind: 'Sale' | 'Return' | 'PickupHandover';
  store: string;
  workstation: number | string;
  sequence?: number;
  day?: string;
  lines: ItemLine[];
  tenders: { type: string; amount: number }[];
  total: number;
  loyaltyCard?: string;
  link?: Record<string, unknown>;
}

/** A POSLog as a till would send it. */
function posLog(draft: Draft): string {
  const detail = draft.kind === 'PickupHandover' ? 'CustomerOrderForPickup' : draft.kind;
  const lineItems = [
    ...draft.lines.map((line, index) => ({
      SequenceNumber: index + 1,
      [detail]: {
        ItemID: line.sku,
        POSIdentity: line.gtin ? { POSItemID: line.gtin } : undefined,
        Quantity: line.quantity,
        RegularSalesUnitPrice: line.price === undefined ? undefined : vnd(line.price),
        RetailPriceModifier: line.discount ? { Amount: vnd(line.discount) } : undefined,
        Disposition: line.disposition,
      },
    })),
    ...draft.tenders.map((tender, index) => ({
      SequenceNumber: draft.lines.length + index + 1,
      Tender: { '@TenderType': tender.type, Amount: vnd(tender.amount) },
    })),
  ];
  return builder.build({
    POSLog: {
      '@xmlns': 'http://www.nrf-arts.org/IXRetail/namespace/',
      Transaction: {
        RetailStoreID: draft.store,
        WorkstationID: draft.workstation,
        SequenceNumber: draft.sequence,
        BusinessDayDate: draft.day,
        BeginDateTime: '2026-11-20T10:20:00',
        EndDateTime: '2026-11-20T10:22:30',
        OperatorID: 'NV101',
        RetailTransaction: {
          '@TypeCode': draft.kind,
          TransactionLink: draft.link,
          LineItem: lineItems,
          Total: { '@TotalType': 'TransactionGrandAmount', ...vnd(draft.total) },
          Customer: draft.loyaltyCard ? { LoyaltyCard: draft.loyaltyCard } : undefined,
        },
      },
    },
  });
}

let world: World;
let app: FastifyInstance;

async function send(body: string, contentType = 'application/xml') {
  const response = await app.inject({
    method: 'POST',
    url: '/poslog/v1/transactions',
    headers: { ...API_KEY, 'content-type': contentType },
    payload: body,
  });
  return { status: response.statusCode, headers: response.headers, doc: xml.parse(response.body) };
}

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url, headers: API_KEY });
  return { status: response.statusCode, doc: xml.parse(response.body) };
}

const product = (index: number): Product => world.products[index];
const lastSequence = (store: string) =>
  Math.max(...world.pos.transactions.filter((t) => t.retailStoreId === store).map((t) => t.sequenceNumber));
const linkTo = (t: Pick<PosTransaction, 'retailStoreId' | 'workstationId' | 'sequenceNumber' | 'businessDay'>) => ({
  '@ReasonCode': 'Return',
  RetailStoreID: t.retailStoreId,
  WorkstationID: t.workstationId,
  SequenceNumber: t.sequenceNumber,
  BusinessDayDate: t.businessDay,
});

/** Two of one item less a discount, plus one of another: paid by card. */
function sale(overrides: Partial<Draft> = {}): Draft {
  const [a, b] = [product(0), product(5)];
  const total = a.price * 2 - 20_000 + b.price;
  return {
    kind: 'Sale',
    store: '101',
    workstation: 2,
    lines: [
      { sku: a.sku, quantity: 2, price: a.price, discount: 20_000 },
      { sku: b.sku, quantity: 1, price: b.price },
    ],
    tenders: [{ type: 'CreditDebit', amount: total }],
    total,
    loyaltyCard: '260099990001',
    ...overrides,
  };
}

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

describe('posting a sale', () => {
  it("assigns the next store-wide sequence and today's business day, and the feed shows it at once", async () => {
    const expectedKey = `101-2-${lastSequence('101') + 1}-${world.today}`;
    const { status, headers, doc } = await send(posLog(sale()));
    expect(status).toBe(201);
    expect(doc.TransactionAccepted).toMatchObject({
      TransactionKey: expectedKey,
      SequenceNumber: String(lastSequence('101') + 1),
      BusinessDayDate: world.today,
    });
    expect(headers.location).toBe(`/poslog/v1/transactions/101/2/${lastSequence('101') + 1}/${world.today}`);

    const feed = await get(`/poslog/v1/stores/101/transactions?sinceSequence=${lastSequence('101')}`);
    const [posted] = feed.doc.POSLog.Transaction;
    expect(posted.BeginDateTime).toBe('2026-11-20T10:20:00');
    expect(posted.RetailTransaction.Total['#text']).toBe(sale().total.toFixed(2));
    const [first] = posted.RetailTransaction.LineItem;
    expect(first.Sale).toMatchObject({
      ItemID: product(0).sku,
      Description: product(0).name,
      ExtendedAmount: vnd(product(0).price * 2),
      RetailPriceModifier: { Amount: vnd(20_000) },
    });

    const byCard = await get('/poslog/v1/transactions?loyaltyCard=260099990001');
    expect(byCard.doc.POSLog.Transaction.map((t: { SequenceNumber: string }) => t.SequenceNumber)).toEqual([
      String(lastSequence('101') + 1),
    ]);
  });

  it('finds an item scanned by GTIN only, and takes the item master price when the till sends none', async () => {
    const item = product(3);
    const { status, doc } = await send(
      posLog({
        kind: 'Sale',
        store: '102',
        workstation: 1,
        lines: [{ gtin: item.gtin, quantity: 1 }],
        tenders: [{ type: 'Cash', amount: item.price }],
        total: item.price,
      }),
    );
    expect(status).toBe(201);
    const [t] = (await get(`/poslog/v1/stores/102/transactions?sinceSequence=${lastSequence('102')}`)).doc.POSLog.Transaction;
    expect(t.RetailTransaction.LineItem[0].Sale).toMatchObject({ ItemID: item.sku, RegularSalesUnitPrice: vnd(item.price) });
    expect(doc.TransactionAccepted.WorkstationID).toBe('1');
  });

  it("accepts the till's own sequence and day, and refuses the same key again with 409", async () => {
    const draft = sale({ sequence: 5000, day: world.today });
    expect((await send(posLog(draft))).status).toBe(201);
    const again = await send(posLog(draft));
    expect([again.status, again.doc.Error.Code]).toEqual([409, 'DuplicateTransaction']);
    const otherTill = await send(posLog({ ...draft, workstation: 1 }));
    expect([otherTill.status, otherTill.doc.Error.Code]).toEqual([409, 'SequenceNumberInUse']);
  });

  it('refuses a transaction for a closed business day, whose batch is final', async () => {
    const { status, doc } = await send(posLog(sale({ day: world.pos.closedDays[0] })));
    expect([status, doc.Error.Code]).toEqual([409, 'BusinessDayClosed']);
  });

  it("lands in the day's batch once the day is closed", async () => {
    const before = world.pos.transactions.filter((t) => t.retailStoreId === '101' && t.businessDay === world.today);
    await send(posLog(sale()));
    const closed = await app.inject({ method: 'POST', url: `/poslog/v1/stores/101/business-days/${world.today}/close`, headers: API_KEY });
    const control = xml.parse(closed.body).BatchControl;
    expect(control.TransactionCount).toBe(String(before.length + 1));
    expect(control.GrandTotal['#text']).toBe((before.reduce((sum, t) => sum + t.total, 0) + sale().total).toFixed(2));
  });
});

describe('refusing bad input', () => {
  const refusals: [string, () => string, number, string][] = [
    ['malformed XML', () => '<POSLog><Transaction></POSLog>', 400, 'MalformedXml'],
    ['an empty body', () => '', 400, 'MalformedXml'],
    ['another root', () => '<Sale/>', 400, 'InvalidPOSLog'],
    ['an unknown store', () => posLog(sale({ store: '999' })), 400, 'UnknownStore'],
    ["a till beyond the store's count", () => posLog(sale({ workstation: 99 })), 400, 'UnknownWorkstation'],
    [
      'an unknown SKU',
      () => posLog(sale({ lines: [{ sku: 'NO-SUCH', quantity: 1, price: 1000 }], total: 1000, tenders: [{ type: 'Cash', amount: 1000 }] })),
      400,
      'UnknownItem',
    ],
    [
      "a GTIN that is not the SKU's",
      () =>
        posLog(
          sale({
            lines: [{ sku: product(0).sku, gtin: product(1).gtin, quantity: 1, price: 1000 }],
            total: 1000,
            tenders: [{ type: 'Cash', amount: 1000 }],
          }),
        ),
      400,
      'UnknownItem',
    ],
    [
      'a zero quantity',
      () => posLog(sale({ lines: [{ sku: product(0).sku, quantity: 0, price: 1000 }], total: 0, tenders: [] })),
      400,
      'InvalidQuantity',
    ],
    [
      'a total that is not the lines less discounts',
      () => posLog(sale({ total: 1, tenders: [{ type: 'Cash', amount: 1 }] })),
      400,
      'AmountMismatch',
    ],
    ['tenders short of the total', () => posLog(sale({ tenders: [{ type: 'Cash', amount: 1000 }] })), 400, 'AmountMismatch'],
    ['an unknown tender type', () => posLog(sale({ tenders: [{ type: 'Cheque', amount: sale().total }] })), 400, 'InvalidPOSLog'],
    ['another currency', () => posLog(sale()).replace('CurrencyCode="VND"', 'CurrencyCode="USD"'), 400, 'InvalidCurrency'],
    ['an unknown transaction kind', () => posLog(sale()).replace('TypeCode="Sale"', 'TypeCode="Layaway"'), 400, 'InvalidPOSLog'],
    ['a time with a zone', () => posLog(sale()).replace('2026-11-20T10:20:00', '2026-11-20T10:20:00Z'), 400, 'InvalidPOSLog'],
  ];

  it.each(refusals)('refuses %s', async (_name, body, status, code) => {
    const answer = await send(body());
    expect([answer.status, answer.doc.Error?.Code]).toEqual([status, code]);
    expect(answer.doc.Error.Message).toEqual(expect.any(String));
  });

  it('books nothing when it refuses', async () => {
    await send(posLog(sale({ total: 1, tenders: [{ type: 'Cash', amount: 1 }] })));
    const feed = await get(`/poslog/v1/stores/101/transactions?sinceSequence=${lastSequence('101')}`);
    expect(feed.doc.POSLog.FeedControl.TransactionCount).toBe('0');
  });

  it('refuses a JSON body with 415 in XML', async () => {
    const answer = await send(JSON.stringify({ transaction: {} }), 'application/json');
    expect([answer.status, answer.doc.Error.Code]).toEqual([415, 'UnsupportedMediaType']);
  });
});

describe('posting a return', () => {
  /** A seeded sale of two units on its first line, undiscounted, with nothing returned yet. */
  const original = () =>
    world.pos.transactions.find(
      (t) =>
        t.kind === 'Sale' &&
        t.businessDay < world.today &&
        t.lines[0].quantity === 2 &&
        t.lines[0].discount === 0 &&
        !world.pos.transactions.some((r) => r.returnOf === posTransactionKey(t)),
    )!;
  const refundOf = (t: PosTransaction, quantity: number, disposition = 'ReturnToStock'): Draft => {
    const line = t.lines[0];
    const amount = line.unitPrice * quantity;
    return {
      kind: 'Return',
      store: '103',
      workstation: 1,
      link: linkTo(t),
      lines: [{ sku: line.sku, quantity, price: line.unitPrice, disposition }],
      tenders: [{ type: 'Cash', amount: -amount }],
      total: -amount,
    };
  };

  it('books a return against the original sale with negative tenders and the disposition', async () => {
    const sold = original();
    const { status } = await send(posLog(refundOf(sold, 1, 'Damaged')));
    expect(status).toBe(201);
    const [t] = (await get(`/poslog/v1/stores/103/transactions?sinceSequence=${lastSequence('103')}`)).doc.POSLog.Transaction;
    expect(t.RetailTransaction['@TypeCode']).toBe('Return');
    expect(t.RetailTransaction.TransactionLink.SequenceNumber).toBe(String(sold.sequenceNumber));
    expect(t.RetailTransaction.LineItem[0].Return.Disposition).toBe('Damaged');
    expect(t.RetailTransaction.Total['#text']).toBe((-sold.lines[0].unitPrice).toFixed(2));
  });

  it('never returns more than was sold less earlier returns', async () => {
    const sold = original();
    expect((await send(posLog(refundOf(sold, 3)))).doc.Error.Code).toBe('ReturnQuantityExceeded');
    expect((await send(posLog(refundOf(sold, 1)))).status).toBe(201);
    expect((await send(posLog(refundOf(sold, 1)))).status).toBe(201);
    const third = await send(posLog(refundOf(sold, 1)));
    expect([third.status, third.doc.Error.Code]).toEqual([400, 'ReturnQuantityExceeded']);
  });

  it('counts the seeded returns too', async () => {
    const seeded = world.pos.transactions.find((t) => t.kind === 'Return')!;
    const sold = world.pos.transactions.find((t) => posTransactionKey(t) === seeded.returnOf)!;
    const quantity = sold.lines.filter((l) => l.sku === seeded.lines[0].sku).reduce((sum, l) => sum + l.quantity, 0);
    const answer = await send(posLog(refundOf(sold, quantity)));
    expect([answer.status, answer.doc.Error.Code]).toEqual([400, 'ReturnQuantityExceeded']);
  });

  it('refuses a return of an unknown receipt, one without a disposition, and one without a link', async () => {
    const sold = original();
    const unknown = await send(posLog({ ...refundOf(sold, 1), link: linkTo({ ...sold, sequenceNumber: 1 }) }));
    expect([unknown.status, unknown.doc.Error.Code]).toEqual([400, 'UnknownOriginalTransaction']);
    const noDisposition = await send(
      posLog({ ...refundOf(sold, 1), lines: [{ sku: sold.lines[0].sku, quantity: 1, price: sold.lines[0].unitPrice }] }),
    );
    expect([noDisposition.status, noDisposition.doc.Error.Code]).toEqual([400, 'InvalidPOSLog']);
    const unlinked = await send(posLog({ ...refundOf(sold, 1), link: undefined }));
    expect([unlinked.status, unlinked.doc.Error.Code]).toEqual([400, 'InvalidPOSLog']);
  });

  it('takes back an online order in store by its web order number', async () => {
    const item = product(2);
    const { status } = await send(
      posLog({
        kind: 'Return',
        store: '101',
        workstation: 1,
        link: { '@ReasonCode': 'Return', CustomerOrderID: '000000042' },
        lines: [{ sku: item.sku, quantity: 1, price: item.price, disposition: 'ReturnToStock' }],
        tenders: [{ type: 'EWallet', amount: -item.price }],
        total: -item.price,
      }),
    );
    expect(status).toBe(201);
    const [t] = (await get(`/poslog/v1/stores/101/transactions?sinceSequence=${lastSequence('101')}`)).doc.POSLog.Transaction;
    expect(t.RetailTransaction.TransactionLink).toEqual({ '@ReasonCode': 'Return', CustomerOrderID: '000000042' });
  });
});

describe('posting a pickup handover', () => {
  it('hands over a click & collect order by its number with unpriced lines', async () => {
    const { status, doc } = await send(
      posLog({
        kind: 'PickupHandover',
        store: '104',
        workstation: 1,
        link: { '@ReasonCode': 'Pickup', CustomerOrderID: '000000077' },
        lines: [{ sku: product(1).sku, quantity: 2 }],
        tenders: [],
        total: 0,
      }),
    );
    expect(status).toBe(201);
    const [t] = (await get(`/poslog/v1/transactions/104/1/${doc.TransactionAccepted.SequenceNumber}/${world.today}`)).doc.POSLog
      .Transaction;
    expect(t.RetailTransaction.TransactionLink.CustomerOrderID).toBe('000000077');
    expect(t.RetailTransaction.LineItem[0].CustomerOrderForPickup).toMatchObject({ ItemID: product(1).sku, Quantity: '2' });
  });

  it('refuses a handover without the web order number', async () => {
    const answer = await send(
      posLog({
        kind: 'PickupHandover',
        store: '104',
        workstation: 1,
        lines: [{ sku: product(1).sku, quantity: 1 }],
        tenders: [],
        total: 0,
      }),
    );
    expect([answer.status, answer.doc.Error.Code]).toEqual([400, 'InvalidPOSLog']);
  });

  it('counts posts under their own operation', async () => {
    await send(posLog(sale()));
    await send('<broken');
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls.byOperation).toEqual({ postTransaction: 2 });
  });
});
