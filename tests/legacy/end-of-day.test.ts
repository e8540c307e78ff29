import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../../legacy/kit/db';
import { endpointsFromEnv, postEndOfDay } from '../../legacy/jobs/post-end-of-day';
import * as pos from '../../legacy/pos/app';
import * as posStore from '../../legacy/pos/store';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import * as warehouse from '../../legacy/warehouse/app';
import * as warehouseStore from '../../legacy/warehouse/store';

describe('the nightly end-of-day posting from the POS to the ERP', () => {
  let world: World;
  let posApp: FastifyInstance;
  let erpApp: FastifyInstance;
  const url = (app: FastifyInstance) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const basic = `Basic ${Buffer.from('OMNIGRAPH_API:warehouse-dev-password').toString('base64')}`;

  /** Unrestricted stock of a SKU at a plant's sales floor, as the ERP answers it. */
  async function erpStock(plant: string, sku: string): Promise<number> {
    const filter = encodeURIComponent(
      `Material eq '${sku}' and Plant eq '${plant}' and StorageLocation eq '0001' and InventoryStockType eq '01'`,
    );
    const response = await fetch(
      `${url(erpApp)}/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter=${filter}&$format=json`,
      { headers: { authorization: basic } },
    );
    const rows = ((await response.json()) as { d: { results: { MatlWrhsStkQtyInMatlBaseUnit: string }[] } }).d.results;
    return rows.reduce((sum, row) => sum + Number(row.MatlWrhsStkQtyInMatlBaseUnit), 0);
  }

  beforeAll(async () => {
    world = generateWorld({ seed: 7, size: 'small' });
    const posDb = openDatabase(':memory:');
    posStore.createSchema(posDb);
    posStore.loadWorld(posDb, world);
    const erpDb = openDatabase(':memory:');
    warehouseStore.createSchema(erpDb);
    warehouseStore.loadWorld(erpDb, world);
    // The tills' clock is the seeded world's: its today is the open business day.
    posApp = pos.buildApp({ db: posDb, clock: () => world.now });
    erpApp = warehouse.buildApp({ db: erpDb, clock: () => world.now });
    await posApp.listen({ host: '127.0.0.1', port: 0 });
    await erpApp.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await posApp.close();
    await erpApp.close();
  });

  it('books today’s sales so the ERP’s store stock becomes the true shelf stock, once', async () => {
    const phantom = world.truth.phantomStock[0];
    const endpoints = { ...endpointsFromEnv({}), posUrl: url(posApp), warehouseUrl: url(erpApp) };
    expect(await erpStock(phantom.plant, phantom.sku)).toBe(phantom.erpQuantity);

    const first = await postEndOfDay(endpoints, phantom.retailStoreId, world.today);
    expect(first).toEqual({
      reference: `EOD-${phantom.retailStoreId}-${world.today.replaceAll('-', '')}`,
      posted: true,
      lines: expect.any(Number),
    });
    for (const shelf of world.truth.shelfStock.filter((s) => s.retailStoreId === phantom.retailStoreId)) {
      expect(await erpStock(shelf.plant, shelf.sku)).toBe(shelf.quantity);
    }
    expect(await erpStock(phantom.plant, phantom.sku)).toBe(0);

    const again = await postEndOfDay(endpoints, phantom.retailStoreId, world.today);
    expect(again.posted).toBe(false);
    expect(await erpStock(phantom.plant, phantom.sku)).toBe(0);
  });

  it('refuses to book a day the store has not closed, and books nothing', async () => {
    const store = world.stores.find((s) => s.retailStoreId !== world.truth.phantomStock[0].retailStoreId)!;
    const endpoints = { ...endpointsFromEnv({}), posUrl: url(posApp), warehouseUrl: url(erpApp) };
    const sku = world.truth.shelfStock.find((s) => s.retailStoreId === store.retailStoreId)!;
    const before = await erpStock(sku.plant, sku.sku);
    await expect(postEndOfDay(endpoints, store.retailStoreId, world.today, false)).rejects.toThrow('HTTP 409');
    expect(await erpStock(sku.plant, sku.sku)).toBe(before);
  });
});
