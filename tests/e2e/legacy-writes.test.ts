import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp as buildCrm } from '../../legacy/crm/app';
import { createSchema as createCrmSchema, loadWorld as loadCrmWorld } from '../../legacy/crm/store';
import { openDatabase } from '../../legacy/kit/db';
import type { StandInOptions } from '../../legacy/kit/options';
import { buildApp as buildPos } from '../../legacy/pos/app';
import { createSchema as createPosSchema, loadWorld as loadPosWorld } from '../../legacy/pos/store';
import type { ErpStock, Product, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { TOKEN_LIFETIME_MS } from '../../legacy/warehouse/auth';
import { buildApp as buildWarehouse } from '../../legacy/warehouse/app';
import { createSchema as createWarehouseSchema, loadWorld as loadWarehouseWorld } from '../../legacy/warehouse/store';
import { BusinessRuleError } from '../../lib/errors';
import { CrmClient } from '../../connectors/crm';
import { NewStoreTransaction, PosClient } from '../../connectors/pos';
import { WarehouseClient } from '../../connectors/warehouse';

/**
 * The writes the commerce saga drives, through each system client against its real stand-in on an
 * in-memory seeded world: till transactions posted as POSLog and found again in the store feed,
 * ERP reservations and goods movements behind SAP's CSRF session, and CRM points entries.
 */

type Db = ReturnType<typeof openDatabase>;
type Build = (options: StandInOptions) => FastifyInstance;

/** A stand-in on its own in-memory copy of the world, listening on a loopback port, its clock ours. */
async function standIn(world: World, build: Build, schema: (db: Db) => void, load: (db: Db, world: World) => void, clock: () => Date) {
  const db = openDatabase(':memory:');
  schema(db);
  load(db, world);
  const app = build({ db, env: {}, clock });
  app.addHook('onClose', async () => db.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** The business refusal a promise ends in, as a caller of the client sees it. */
async function refusal(promise: Promise<unknown>): Promise<BusinessRuleError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BusinessRuleError);
  return error as BusinessRuleError;
}

describe('writes to the legacy systems through their clients', () => {
  let world: World;
  const apps: FastifyInstance[] = [];
  let pos: PosClient;
  let erp: WarehouseClient;
  let crm: CrmClient;
  let erpApp: FastifyInstance;
  let posUrl: string;
  /** How far the ERP's clock has moved past the world's now (to let CSRF tokens expire). */
  let erpClockAdvanceMs = 0;

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    const now = () => world.now;
    const posStandIn = await standIn(world, buildPos, createPosSchema, loadPosWorld, now);
    const crmStandIn = await standIn(world, buildCrm, createCrmSchema, loadCrmWorld, now);
    const erpStandIn = await standIn(
      world,
      buildWarehouse,
      createWarehouseSchema,
      loadWarehouseWorld,
      () => new Date(world.now.getTime() + erpClockAdvanceMs),
    );
    apps.push(posStandIn.app, crmStandIn.app, erpStandIn.app);
    posUrl = posStandIn.url;
    erpApp = erpStandIn.app;
    const env = { POS_URL: posStandIn.url, CRM_URL: crmStandIn.url, WAREHOUSE_URL: erpStandIn.url, WAREHOUSE_BREAKER_THRESHOLD: '1000' };
    pos = PosClient.fromEnv(env);
    erp = WarehouseClient.fromEnv(env);
    crm = CrmClient.fromEnv(env);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  describe('POS: till transactions', () => {
    const store = () => world.stores[0];
    const products = () => world.products.slice(0, 3);
    const price = (product: Product) => BigInt(product.price) * 100n;
    let minute = 0;
    /** A distinct store-local start time per transaction, in the stores' open day. */
    const beginDateTime = () => `${world.today}T11:${String(minute++).padStart(2, '0')}:00`;

    it('posts a sale that the store feed then shows, and finds that receipt again from the sequence before it', async () => {
      const [shirt, dress] = products();
      const before = await pos.lastSequence(store().retailStoreId);
      const sale: NewStoreTransaction = {
        kind: 'Sale',
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        // Text goes in escaped: the head office records exactly what was sent.
        operatorId: 'NV<&>"01',
        beginDateTime: beginDateTime(),
        lines: [
          { sku: shirt.sku, quantity: 2, unitPrice: price(shirt) },
          { sku: dress.sku, quantity: 1, unitPrice: price(dress) },
        ],
        customer: { phone: '0901 234 567' },
      };
      const posted = await pos.postTransaction(sale);
      const total = price(shirt) * 2n + price(dress);

      expect(posted).toEqual({
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        sequenceNumber: before + 1,
        businessDay: world.today,
        transactionKey: `${store().retailStoreId}-1-${before + 1}-${world.today}`,
      });
      expect(await pos.lastSequence(store().retailStoreId)).toBe(before + 1);
      const receipt = await pos.receipt(posted);
      expect(receipt).toMatchObject({
        kind: 'Sale',
        operatorId: 'NV<&>"01',
        startedAt: `${sale.beginDateTime}+07:00`,
        total,
        phone: '0901 234 567',
        webOrderNumber: null,
        tenders: [{ method: 'CASH', amount: total }],
      });
      expect(receipt!.lines.map((l) => [l.sku, l.quantity, l.unitPrice, l.gross])).toEqual([
        [shirt.sku, 2, price(shirt), price(shirt) * 2n],
        [dress.sku, 1, price(dress), price(dress)],
      ]);

      expect(await pos.findTransaction(sale, before)).toEqual(posted);
      // Lines in another order are the same transaction; another start time or quantity is not.
      expect(await pos.findTransaction({ ...sale, lines: [...sale.lines].reverse() }, before)).toEqual(posted);
      expect(await pos.findTransaction({ ...sale, beginDateTime: `${world.today}T23:59:59` }, before)).toBeNull();
      expect(await pos.findTransaction({ ...sale, lines: [{ ...sale.lines[0], quantity: 3 }, sale.lines[1]] }, before)).toBeNull();
      expect(await pos.findTransaction(sale, posted.sequenceNumber)).toBeNull();
    });

    it('settles a sale with the tenders given, and refuses a sale line without a price before posting', async () => {
      const [shirt] = products();
      const posted = await pos.postTransaction({
        kind: 'Sale',
        retailStoreId: store().retailStoreId,
        workstationId: 2,
        operatorId: 'NV102',
        beginDateTime: beginDateTime(),
        lines: [{ sku: shirt.sku, quantity: 3, unitPrice: price(shirt) }],
        tenders: [
          { type: 'LoyaltyPoints', amount: 1_000_00n },
          { type: 'CreditDebit', amount: price(shirt) * 3n - 1_000_00n },
        ],
        customer: { loyaltyCard: world.crm.loyaltyCards[0].code },
      });
      expect((await pos.receipt(posted))!.tenders).toEqual([
        { method: 'LOYALTY_POINTS', amount: 1_000_00n },
        { method: 'CARD', amount: price(shirt) * 3n - 1_000_00n },
      ]);

      const before = await pos.lastSequence(store().retailStoreId);
      await expect(
        pos.postTransaction({
          kind: 'Sale',
          retailStoreId: store().retailStoreId,
          workstationId: 1,
          operatorId: 'NV101',
          beginDateTime: beginDateTime(),
          lines: [{ sku: shirt.sku, quantity: 1 }],
        }),
      ).rejects.toThrow(`a store sale needs the unit price of ${shirt.sku}`);
      expect(await pos.lastSequence(store().retailStoreId)).toBe(before);
    });

    it('takes back a web order in store: damaged goods refunded at the price given, or at 0 when the web shop refunds', async () => {
      const [shirt, dress] = products();
      const refunded: NewStoreTransaction = {
        kind: 'Return',
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        operatorId: 'NV101',
        beginDateTime: beginDateTime(),
        customerOrderId: '000000777',
        lines: [
          { sku: shirt.sku, quantity: 1, unitPrice: price(shirt), disposition: 'Damaged' },
          { sku: dress.sku, quantity: 2, unitPrice: price(dress) },
        ],
      };
      const posted = await pos.postTransaction(refunded);
      const total = -(price(shirt) + price(dress) * 2n);
      const receipt = (await pos.receipt(posted))!;
      expect(receipt).toMatchObject({
        kind: 'Return',
        webOrderNumber: '000000777',
        returnOf: null,
        total,
        tenders: [{ method: 'CASH', amount: total }],
      });
      expect(receipt.lines.map((l) => [l.sku, l.quantity, l.disposition])).toEqual([
        [shirt.sku, 1, 'Damaged'],
        [dress.sku, 2, 'ReturnToStock'],
      ]);
      expect(await pos.findTransaction(refunded, posted.sequenceNumber - 1)).toEqual(posted);

      const byWebShop: NewStoreTransaction = {
        kind: 'Return',
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        operatorId: 'NV101',
        beginDateTime: beginDateTime(),
        customerOrderId: '000000778',
        lines: [{ sku: shirt.sku, quantity: 1, disposition: 'Damaged' }],
      };
      const noMoney = await pos.postTransaction(byWebShop);
      expect(await pos.receipt(noMoney)).toMatchObject({
        kind: 'Return',
        webOrderNumber: '000000778',
        total: 0n,
        tenders: [],
        lines: [{ sku: shirt.sku, quantity: 1, unitPrice: 0n, disposition: 'Damaged' }],
      });
      expect(await pos.findTransaction(byWebShop, noMoney.sequenceNumber - 1)).toEqual(noMoney);
    });

    it('hands over a click & collect order: its lines without prices, nothing to pay', async () => {
      const [shirt] = products();
      const handover: NewStoreTransaction = {
        kind: 'PickupHandover',
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        operatorId: 'NV101',
        beginDateTime: beginDateTime(),
        customerOrderId: '000000779',
        lines: [{ sku: shirt.sku, quantity: 2 }],
        customer: { loyaltyCard: world.crm.loyaltyCards[0].code },
      };
      const posted = await pos.postTransaction(handover);
      expect(await pos.receipt(posted)).toMatchObject({
        kind: 'PickupHandover',
        webOrderNumber: '000000779',
        total: 0n,
        tenders: [],
        loyaltyCard: world.crm.loyaltyCards[0].code,
        lines: [{ sku: shirt.sku, quantity: 2, unitPrice: null }],
      });
      expect(await pos.findTransaction(handover, 0)).toEqual(posted);
      expect(await pos.findTransaction({ ...handover, customerOrderId: '000000780' }, 0)).toBeNull();
    });

    it('turns the head office’s refusals into retail codes that name the line at fault', async () => {
      const [shirt] = products();
      const base = {
        kind: 'Sale' as const,
        retailStoreId: store().retailStoreId,
        workstationId: 1,
        operatorId: 'NV101',
        beginDateTime: beginDateTime(),
      };

      const unknown = await refusal(
        pos.postTransaction({
          ...base,
          lines: [
            { sku: shirt.sku, quantity: 1, unitPrice: price(shirt) },
            { sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 100n },
          ],
        }),
      );
      expect(unknown).toMatchObject({ code: 'UNKNOWN_SKU', field: ['lines', '1'], message: 'Item NO-SUCH-SKU is not sold in stores.' });
      for (const quantity of [1.5, 0]) {
        expect(
          await refusal(
            pos.postTransaction({
              ...base,
              lines: [
                { sku: shirt.sku, quantity: 1, unitPrice: price(shirt) },
                { sku: shirt.sku, quantity, unitPrice: price(shirt) },
              ],
            }),
          ),
        ).toMatchObject({ code: 'INVALID_QUANTITY', field: ['lines', '1'] });
      }
      expect(
        await refusal(
          pos.postTransaction({ ...base, retailStoreId: '999', lines: [{ sku: shirt.sku, quantity: 1, unitPrice: price(shirt) }] }),
        ),
      ).toMatchObject({ code: 'UNKNOWN_LOCATION', message: 'There is no store 999.' });
      expect(
        await refusal(
          pos.postTransaction({ ...base, workstationId: 99, lines: [{ sku: shirt.sku, quantity: 1, unitPrice: price(shirt) }] }),
        ),
      ).toMatchObject({ code: 'UNKNOWN_LOCATION' });

      // A store that has closed its day takes no more transactions.
      const closing = world.stores[1];
      const closed = await fetch(`${posUrl}/poslog/v1/stores/${closing.retailStoreId}/business-days/${world.today}/close`, {
        method: 'POST',
        headers: { 'x-api-key': 'pos-dev-key' },
      });
      expect(closed.status).toBe(200);
      const late = await refusal(
        pos.postTransaction({
          ...base,
          retailStoreId: closing.retailStoreId,
          lines: [{ sku: shirt.sku, quantity: 1, unitPrice: price(shirt) }],
        }),
      );
      expect(late.code).toBe('BUSINESS_DAY_CLOSED');
      for (const error of [unknown, late]) expect(error.message).not.toMatch(/POS|POSLog|head office/i);
    });
  });

  describe('ERP: reservations and goods movements', () => {
    const warehouse = () => world.warehouses[0].plant;
    /** A material the warehouse holds plenty of on its main floor, with no seeded reservation on it there. */
    const roomy = (skip = 0): ErpStock =>
      world.warehouse.stock
        .filter((s) => s.plant === warehouse() && s.storageLocation === '0001' && s.stockType === '01' && s.quantity >= 5)
        .filter((s) => !world.warehouse.reservations.some((r) => r.material === s.material && r.plant === s.plant))[skip];

    /** What the ERP would still let be reserved: unrestricted on the main floor less open reservations. */
    async function available(material: string, plant: string): Promise<number> {
      const [stock, holds] = await Promise.all([erp.stockOfMaterials([material]), erp.openReservationsOfMaterials([material])]);
      const unrestricted = stock
        .filter((s) => s.plant === plant && s.storageLocation === '0001' && s.stockType === '01')
        .reduce((sum, s) => sum + s.quantity, 0);
      return unrestricted - holds.filter((h) => h.plant === plant).reduce((sum, h) => sum + h.quantity, 0);
    }

    async function erpItems(filter: string): Promise<Record<string, unknown>[]> {
      const response = await erpApp.inject({
        url: `/sap/opu/odata/sap/API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentItem?$filter=${encodeURIComponent(filter)}`,
        headers: {
          authorization: `Basic ${Buffer.from('OMNIGRAPH_API:warehouse-dev-password').toString('base64')}`,
          accept: 'application/json',
        },
      });
      return response.json().d.results;
    }

    it('reserves stock for a web order, shows it under the order, and frees it again on release', async () => {
      const stock = roomy();
      const free = await available(stock.material, stock.plant);
      const reservation = await erp.createReservation('000009001', [{ material: stock.material, plant: stock.plant, quantity: 2 }]);
      expect(reservation).toMatch(/^\d{10}$/);
      expect(await available(stock.material, stock.plant)).toBe(free - 2);

      expect(await erp.reservationsOfRecipient('000009001')).toEqual([
        {
          reservation,
          recipient: '000009001',
          items: [
            {
              item: '0001',
              material: stock.material,
              plant: stock.plant,
              storageLocation: '0001',
              required: 2,
              withdrawn: 0,
              deleted: false,
              finallyIssued: false,
            },
          ],
        },
      ]);

      await erp.releaseReservation(reservation);
      expect(await available(stock.material, stock.plant)).toBe(free);
      expect((await erp.reservationsOfRecipient('000009001'))[0].items[0]).toMatchObject({ deleted: true, required: 2 });
      // Releasing again, or a reservation that does not exist, is fine.
      await erp.releaseReservation(reservation);
      await erp.releaseReservation('0009999999');
    });

    it('refuses the whole reservation when one item lacks stock, naming that SKU', async () => {
      const [enough, short] = [roomy(0), roomy(1)];
      const [free, freeOfEnough] = [await available(short.material, short.plant), await available(enough.material, enough.plant)];
      const error = await refusal(
        erp.createReservation('000009002', [
          { material: enough.material, plant: enough.plant, quantity: 1 },
          { material: short.material, plant: short.plant, quantity: free + 1 },
        ]),
      );
      expect(error.code).toBe('INSUFFICIENT_STOCK');
      expect(error.message).toBe(`Not enough stock of ${short.material} at ${short.plant}: 1 short.`);
      expect(error.message).not.toMatch(/SAP|ERP|M7/);
      expect(await erp.reservationsOfRecipient('000009002')).toEqual([]);
      expect(await available(enough.material, enough.plant)).toBe(freeOfEnough);
    });

    it('writes the web order number on every item of a reservation made for a cart', async () => {
      const [a, b] = [roomy(2), roomy(3)];
      const reservation = await erp.createReservation('CART-77', [
        { material: a.material, plant: a.plant, quantity: 1 },
        { material: b.material, plant: b.plant, quantity: 1 },
      ]);
      await erp.setReservationRecipient(reservation, '000009003');
      const items = await erpItems(`Reservation eq '${reservation}'`);
      expect(items.map((item) => item.GoodsRecipientName)).toEqual(['000009003', '000009003']);
      await erp.releaseReservation(reservation);
    });

    it('posts goods movements, found again by their reference; a deficit refuses the document', async () => {
      const stock = roomy(4);
      const free = await available(stock.material, stock.plant);
      expect(await erp.materialDocumentsByReference('OMG-000009004')).toEqual([]);
      const received = await erp.postGoodsMovement({
        reference: 'OMG-000009004',
        headerText: 'Web return 000009004',
        items: [{ material: stock.material, plant: stock.plant, movementType: '501', quantity: 3 }],
      });
      expect(received).toEqual({ materialDocument: expect.stringMatching(/^\d{10}$/), year: world.today.slice(0, 4) });
      expect(await erp.materialDocumentsByReference('OMG-000009004')).toEqual([received]);
      expect(await available(stock.material, stock.plant)).toBe(free + 3);

      // A web order leaving the warehouse: issued against its reservation, which is then finally issued.
      const reservation = await erp.createReservation('000009005', [{ material: stock.material, plant: stock.plant, quantity: 2 }]);
      await erp.postGoodsMovement({
        reference: 'OMG-000009005',
        headerText: 'Web order 000009005',
        items: [{ material: stock.material, plant: stock.plant, movementType: '261', quantity: 2, reservation, reservationItem: '0001' }],
      });
      expect((await erp.reservationsOfRecipient('000009005'))[0].items[0]).toMatchObject({ withdrawn: 2, finallyIssued: true });
      expect(await available(stock.material, stock.plant)).toBe(free + 1);

      const deficit = await refusal(
        erp.postGoodsMovement({
          reference: 'OMG-000009006',
          headerText: 'Transfer 000009006',
          items: [
            {
              material: stock.material,
              plant: stock.plant,
              movementType: '301',
              quantity: free + 2,
              receivingPlant: world.stores[0].plant,
            },
          ],
        }),
      );
      expect(deficit.code).toBe('INSUFFICIENT_STOCK');
      expect(await erp.materialDocumentsByReference('OMG-000009006')).toEqual([]);
    });

    it('fetches a new CSRF token when the session’s has expired, and the write goes through once', async () => {
      const stock = roomy(5);
      const calls = () => erpApp.legacy.calls.snapshot().byOperation;
      await erp.createReservation('000009007', [{ material: stock.material, plant: stock.plant, quantity: 1 }]);
      const before = calls();
      erpClockAdvanceMs += TOKEN_LIFETIME_MS + 60_000;

      const reservation = await erp.createReservation('000009008', [{ material: stock.material, plant: stock.plant, quantity: 1 }]);
      expect((await erp.reservationsOfRecipient('000009008')).map((r) => r.reservation)).toEqual([reservation]);
      const after = calls();
      const delta = (operation: string) => (after[operation] ?? 0) - (before[operation] ?? 0);
      // One refused create, one token fetch, one accepted create.
      expect(delta('A_ReservationDocumentHeader.create')).toBe(2);
      expect(delta('API_RESERVATION_DOCUMENT_SRV.serviceDocument')).toBe(1);
      expect((await erp.reservationsOfRecipient('000009007')).length).toBe(1);
    });
  });

  describe('CRM: loyalty points entries', () => {
    it('books points on a card under an order ref, found again by that ref, moving the balance', async () => {
      const card = world.crm.loyaltyCards[0];
      const [before] = await crm.loyaltyCardsOfPartners([card.partnerId]).then((cards) => cards.filter((c) => c.id === card.id));
      expect(await crm.loyaltyEntriesByOrderRefs(['web:000009010'])).toEqual([]);

      const earned = await crm.addLoyaltyEntry({
        cardId: card.id,
        description: 'Points for web order 000009010',
        issued: 125,
        used: 0,
        orderRef: 'web:000009010',
      });
      const spent = await crm.addLoyaltyEntry({
        cardId: card.id,
        description: 'Points spent on web order 000009011',
        issued: 0,
        used: 40,
        orderRef: 'web:000009011',
      });
      expect(earned).toBeGreaterThan(0);

      const entries = await crm.loyaltyEntriesByOrderRefs(['web:000009010', 'web:000009011', 'web:000000000']);
      expect(
        entries.map(({ id, cardId, points, description, source, orderReference, orderRef }) => ({
          id,
          cardId,
          points,
          description,
          source,
          orderReference,
          orderRef,
        })),
      ).toEqual([
        {
          id: earned,
          cardId: card.id,
          points: 125,
          description: 'Points for web order 000009010',
          source: 'WEB_ORDER',
          orderReference: '000009010',
          orderRef: 'web:000009010',
        },
        {
          id: spent,
          cardId: card.id,
          points: -40,
          description: 'Points spent on web order 000009011',
          source: 'WEB_ORDER',
          orderReference: '000009011',
          orderRef: 'web:000009011',
        },
      ]);
      const [after] = await crm.loyaltyCardsOfPartners([card.partnerId]).then((cards) => cards.filter((c) => c.id === card.id));
      expect(after.pointsBalance).toBe(before.pointsBalance + 85);
      expect(await crm.loyaltyEntriesByOrderRefs([])).toEqual([]);
    });
  });
});
