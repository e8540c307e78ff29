import type { ErpStock, World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { query, warehouseFixture, WarehouseFixture } from '../../legacy/warehouse/testing';

const STOCK = 'API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod';
const HEADERS = 'API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentHeader';
const ITEMS = 'API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentItem';
const DOCUMENTS = 'API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader';

type Entity = Record<string, unknown> & { __metadata: { id: string; uri: string; type: string } };
interface Collection {
  results: Entity[];
  __next?: string;
  __count?: string;
}

let world: World;
let fx: WarehouseFixture;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
  fx = warehouseFixture(world);
});

afterAll(async () => {
  await fx.app.close();
  fx.db.close();
});

const stockKey = (row: Record<string, unknown>) =>
  `${String(row.Material)}|${String(row.Plant)}|${String(row.StorageLocation)}|${String(row.InventoryStockType)}`;
const worldKey = (row: ErpStock) => `${row.material}|${row.plant}|${row.storageLocation}|${row.stockType}`;
const collection = (path: string, options: Record<string, string | number> = {}) => fx.client.d<Collection>(`${path}${query(options)}`);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

describe('stock (A_MatlStkInAcctMod)', () => {
  it('answers the seeded quantity of a material at a store as a decimal string with all keys', async () => {
    const row = world.warehouse.stock.find((s) => s.plant === 'S101' && s.stockType === '01' && s.quantity > 0)!;
    const { results } = await collection(STOCK, {
      $filter: `Material eq '${row.material}' and Plant eq 'S101' and InventoryStockType eq '01'`,
    });
    expect(results).toHaveLength(1);
    const { __metadata, ...entity } = results[0];
    expect(entity).toEqual({
      Material: row.material,
      Plant: 'S101',
      StorageLocation: '0001',
      Batch: '',
      Supplier: '',
      Customer: '',
      WBSElementInternalID: '00000000',
      SDDocument: '',
      SDDocumentItem: '000000',
      InventorySpecialStockType: '',
      InventoryStockType: '01',
      MaterialBaseUnit: 'PC',
      MatlWrhsStkQtyInMatlBaseUnit: `${row.quantity}.000`,
    });
    expect(__metadata.type).toBe('API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType');
    expect(__metadata.uri).toBe(
      `http://localhost:80/sap/opu/odata/sap/${STOCK}(Material='${row.material}',Plant='S101',StorageLocation='0001',Batch='',Supplier='',Customer='',WBSElementInternalID='00000000',SDDocument='',SDDocumentItem='000000',InventorySpecialStockType='',InventoryStockType='01')`,
    );
  });

  it('reads one stock entity by its eleven keys, the way __metadata.uri names it', async () => {
    const row = world.warehouse.stock.find((s) => s.plant === '1100' && s.stockType === '07')!;
    const { results } = await collection(STOCK, {
      $filter: `Material eq '${row.material}' and Plant eq '1100' and InventoryStockType eq '07'`,
    });
    const uri = results[0].__metadata.uri;
    const entity = await fx.client.d<Entity>(uri.slice(uri.indexOf('API_MATERIAL_STOCK_SRV')));
    expect(entity.MatlWrhsStkQtyInMatlBaseUnit).toBe(`${row.quantity}.000`);
    expect(entity.StorageLocation).toBe('0002');
    const missing = await fx.client.get(
      uri.slice(uri.indexOf('API_MATERIAL_STOCK_SRV')).replace("Plant='1100'", "Plant='1200'").replace(row.material, 'NO-SUCH-SKU'),
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message.value).toBe("Resource not found for segment 'A_MatlStkInAcctModType'");
  });

  it('answers many materials at one plant in one call (the batching the graph does)', async () => {
    const wanted = world.warehouse.stock
      .filter((s) => s.plant === 'S102')
      .slice(0, 6)
      .map((s) => s.material);
    const materials = [...new Set(wanted)];
    const filter = `(${materials.map((m) => `Material eq '${m}'`).join(' or ')}) and Plant eq 'S102'`;
    const { results } = await collection(STOCK, { $filter: filter });
    const expected = world.warehouse.stock
      .filter((s) => s.plant === 'S102' && materials.includes(s.material))
      .map(worldKey)
      .sort();
    expect(results.map(stockKey).sort()).toEqual(expected);
  });

  it('takes a batch of hundreds of materials in one $filter', async () => {
    const materials = [...world.products.map((p) => p.sku), ...Array.from({ length: 1200 }, (_, i) => `ZZ-${i}`)];
    const filter = `(${materials.map((m) => `Material eq '${m}'`).join(' or ')}) and Plant eq 'S104'`;
    const { results } = await collection(STOCK, { $filter: filter, $top: 1000 });
    expect(results.map(stockKey).sort()).toEqual(
      world.warehouse.stock
        .filter((s) => s.plant === 'S104')
        .map(worldKey)
        .sort(),
    );
  });

  it('shows the stock as of the last end-of-day posting: phantom stock stays in the ERP', async () => {
    const phantom = world.truth.phantomStock[0];
    const { results } = await collection(STOCK, {
      $filter: `Material eq '${phantom.sku}' and Plant eq '${phantom.plant}' and InventoryStockType eq '01'`,
    });
    expect(results[0].MatlWrhsStkQtyInMatlBaseUnit).toBe(`${phantom.erpQuantity}.000`);
    expect(phantom.shelfQuantity).toBe(0);
  });

  it('keeps damaged stock apart as blocked stock type 07', async () => {
    const blocked = world.warehouse.stock.filter((s) => s.stockType === '07');
    const { results } = await collection(STOCK, { $filter: "InventoryStockType eq '07'", $top: 1000 });
    expect(results.map(stockKey).sort()).toEqual(blocked.map(worldKey).sort());
  });

  it('has no row for a material a plant never held', async () => {
    const carried = new Set(world.warehouse.stock.filter((s) => s.plant === 'S101').map((s) => s.material));
    const never = world.products.find((p) => !carried.has(p.sku))!;
    expect((await collection(STOCK, { $filter: `Material eq '${never.sku}' and Plant eq 'S101'` })).results).toEqual([]);
  });
});

describe('server paging and query options', () => {
  it('answers 100 rows and a full __next URL with a skiptoken when no $top is given', async () => {
    const page = await collection(STOCK, { $filter: "InventoryStockType eq '01'" });
    expect(page.results).toHaveLength(100);
    expect(page.__next).toBe(
      `http://localhost:80/sap/opu/odata/sap/${STOCK}?$filter=${encodeURIComponent("InventoryStockType eq '01'")}&$skiptoken=100`,
    );
  });

  it('delivers every row exactly once when __next is followed to the end', async () => {
    const rows = await fx.client.all<Entity>(STOCK);
    expect(rows).toHaveLength(world.warehouse.stock.length);
    expect(new Set(rows.map(stockKey)).size).toBe(rows.length);
    expect(rows.map(stockKey).sort()).toEqual(world.warehouse.stock.map(worldKey).sort());
  });

  it('gives __count as a string on every page with $inlinecount=allpages', async () => {
    const first = await collection(STOCK, { $inlinecount: 'allpages' });
    expect(first.__count).toBe(String(world.warehouse.stock.length));
    const second = await fx.client.d<Collection>(first.__next!.slice(first.__next!.indexOf('API_')));
    expect(second.__count).toBe(first.__count);
    expect(Object.keys(first)).toEqual(['__count', 'results', '__next']);
  });

  it('turns server paging off with $top and pages with $skip', async () => {
    const all = await fx.client.all<Entity>(STOCK);
    const page = await collection(STOCK, { $top: 150, $skip: 20 });
    expect(page.__next).toBeUndefined();
    expect(page.results.map(stockKey)).toEqual(all.slice(20, 170).map(stockKey));
    expect((await collection(STOCK, { $top: 0 })).results).toEqual([]);
  });

  it('orders by $orderby, keys breaking ties', async () => {
    const { results } = await collection(STOCK, {
      $filter: "Plant eq '1100'",
      $orderby: 'MatlWrhsStkQtyInMatlBaseUnit desc, Material',
      $top: 500,
    });
    const quantities = results.map((r) => Number(r.MatlWrhsStkQtyInMatlBaseUnit));
    expect(quantities).toEqual([...quantities].sort((a, b) => b - a));
    expect(quantities[0]).toBe(Math.max(...world.warehouse.stock.filter((s) => s.plant === '1100').map((s) => s.quantity)));
  });

  it('answers only the $select properties, with __metadata', async () => {
    const { results } = await collection(STOCK, { $select: 'Material,MatlWrhsStkQtyInMatlBaseUnit', $top: 2 });
    expect(Object.keys(results[0])).toEqual(['__metadata', 'Material', 'MatlWrhsStkQtyInMatlBaseUnit']);
  });

  it('counts with /$count as plain text, honouring $filter', async () => {
    const response = await fx.client.get(`${STOCK}/$count${query({ $filter: "Plant eq 'S103'" })}`);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toBe(String(world.warehouse.stock.filter((s) => s.plant === 'S103').length));
  });
});

describe('$filter', () => {
  const count = async (filter: string) => (await collection(STOCK, { $filter: filter, $top: 5000 })).results.length;
  const expected = (predicate: (s: ErpStock) => boolean) => world.warehouse.stock.filter(predicate).length;

  it('compares decimals with gt, ge, lt, le and combines with and, or, not and parentheses', async () => {
    expect(await count('MatlWrhsStkQtyInMatlBaseUnit gt 15')).toBe(expected((s) => s.quantity > 15));
    expect(await count('MatlWrhsStkQtyInMatlBaseUnit ge 15.000M and MatlWrhsStkQtyInMatlBaseUnit le 20')).toBe(
      expected((s) => s.quantity >= 15 && s.quantity <= 20),
    );
    expect(await count("not (Plant eq '1100') and (MatlWrhsStkQtyInMatlBaseUnit lt 2 or StorageLocation ne '0001')")).toBe(
      expected((s) => s.plant !== '1100' && (s.quantity < 2 || s.storageLocation !== '0001')),
    );
  });

  it('binds operators tighter: and before or', async () => {
    expect(await count("Plant eq 'S101' or Plant eq 'S102' and InventoryStockType eq '07'")).toBe(
      expected((s) => s.plant === 'S101' || (s.plant === 'S102' && s.stockType === '07')),
    );
  });

  it('supports startswith, substringof and endswith, also compared with true', async () => {
    const prefix = world.products[0].sku.slice(0, 2);
    expect(await count(`startswith(Material,'${prefix}') eq true`)).toBe(expected((s) => s.material.startsWith(prefix)));
    expect(await count(`substringof('-0003-', Material)`)).toBe(expected((s) => s.material.includes('-0003-')));
    expect(await count(`endswith(Material,'-XL') and Plant eq 'S101'`)).toBe(
      expected((s) => s.material.endsWith('-XL') && s.plant === 'S101'),
    );
  });

  it('treats quotes inside literals as data, never as SQL', async () => {
    expect(await count("Material eq 'O''Neil'")).toBe(0);
    expect(await count("Material eq 'x'' or ''1''=''1'")).toBe(0);
    expect(await count("Plant eq 'S101' or Material eq '; DROP TABLE stock; --'")).toBe(expected((s) => s.plant === 'S101'));
  });

  it('refuses syntax and type errors with 400', async () => {
    const cases: [string, string][] = [
      ["Plant eq 'S101' and", 'Invalid token detected at position 19'],
      ["Plant eq 'S101", 'Invalid token detected at position 9'],
      ["Plant == 'S101'", 'Invalid token detected at position 6'],
      ["Colour eq 'red'", "Property 'Colour' not found in type 'A_MatlStkInAcctModType'"],
      ["MatlWrhsStkQtyInMatlBaseUnit eq '5'", "Invalid parametertype used at function 'eq' (Position: 29)"],
      ['Plant eq 101', "Invalid parametertype used at function 'eq' (Position: 6)"],
      ["Plant eq 'S101' Material", 'Invalid token detected at position 16'],
      ['Plant', 'Expression at position 0 is not a boolean condition'],
      [`${'('.repeat(150)}Plant eq 'S101'${')'.repeat(150)}`, 'Expression nested too deeply at position 100'],
    ];
    for (const [filter, message] of cases) {
      const response = await fx.client.get(`${STOCK}${query({ $filter: filter })}`);
      expect([filter, response.statusCode, response.json().error.code, response.json().error.message.value]).toEqual([
        filter,
        400,
        '/IWCOR/CX_DS_EXPR_SYNTAX_ERROR',
        message,
      ]);
    }
  });
});

describe('plants (A_Plant)', () => {
  it('answers warehouses as DC and stores as STORE with custom coordinates', async () => {
    const { results } = await collection('API_PLANT_SRV/A_Plant');
    expect(results.map((p) => p.Plant)).toEqual(world.warehouse.plants.map((p) => p.plant).sort());
    const store = world.stores[0];
    const s101 = results.find((p) => p.Plant === store.plant)!;
    expect(s101).toMatchObject({
      PlantName: store.name,
      PlantCategory: 'STORE',
      StreetName: store.street,
      CityName: store.city,
      Country: 'VN',
      YY1_Latitude: store.latitude.toFixed(6),
      YY1_Longitude: store.longitude.toFixed(6),
    });
    expect(results.find((p) => p.Plant === world.warehouses[0].plant)!.PlantCategory).toBe('DC');
  });

  it('reads one plant by key and filters by category', async () => {
    const plant = await fx.client.d<Entity>(`API_PLANT_SRV/A_Plant('${world.warehouses[1].plant}')`);
    expect(plant.PlantName).toBe(world.warehouses[1].name);
    const stores = await collection('API_PLANT_SRV/A_Plant', { $filter: "PlantCategory eq 'STORE'", $select: 'Plant' });
    expect(stores.results.map((p) => p.Plant)).toEqual(world.stores.map((s) => s.plant).sort());
  });
});

describe('reservations', () => {
  const byReference = () => {
    const groups = new Map<string, typeof world.warehouse.reservations>();
    for (const r of world.warehouse.reservations) groups.set(r.reference, [...(groups.get(r.reference) ?? []), r]);
    return groups;
  };

  it('has one header per open web order, its number in GoodsRecipientName, items inline with $expand', async () => {
    const [reference, items] = [...byReference()].find(([, rows]) => rows.length > 1)!;
    const { results } = await collection(HEADERS, {
      $filter: `GoodsRecipientName eq '${reference}'`,
      $expand: 'to_ReservationDocumentItem',
    });
    expect(results).toHaveLength(1);
    const header = results[0];
    expect(header.Reservation).toBe(String(items[0].reservation).padStart(10, '0'));
    expect(header.GoodsMovementType).toBe('261');
    const lines = (header.to_ReservationDocumentItem as { results: Entity[] }).results;
    expect(
      lines.map((l) => [
        l.ReservationItem,
        l.Material,
        l.Plant,
        l.ResvnItmRequiredQtyInBaseUnit,
        l.ResvnItmWithdrawnQtyInBaseUnit,
        l.ReservationItmIsMarkedForDeltn,
      ]),
    ).toEqual(items.map((r, i) => [String(i + 1).padStart(4, '0'), r.material, r.plant, `${r.quantity}.000`, '0.000', false]));
  });

  it('dates a requirement as the day in system time, at midnight UTC', async () => {
    const first = world.warehouse.reservations[0];
    const item = await fx.client.d<Entity>(`${ITEMS}(Reservation='${String(first.reservation).padStart(10, '0')}',ReservationItem='0001')`);
    const localDay = new Date(first.requirementDate.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(item.MatlCompRequirementDate).toBe(`/Date(${dayMs(localDay)})/`);
  });

  it('links items as deferred without $expand and navigates to them, with or without zero padding', async () => {
    const number = world.warehouse.reservations[0].reservation;
    const header = await fx.client.d<Entity>(`${HEADERS}('${number}')`);
    expect(header.Reservation).toBe(`000${number}`);
    const deferred = (header.to_ReservationDocumentItem as { __deferred: { uri: string } }).__deferred.uri;
    expect(deferred).toBe(`http://localhost:80/sap/opu/odata/sap/${HEADERS}('000${number}')/to_ReservationDocumentItem`);
    const items = await fx.client.d<Collection>(deferred.slice(deferred.indexOf('API_')));
    expect(items.results.map((i) => i.Material)).toEqual(
      world.warehouse.reservations.filter((r) => r.reservation === number).map((r) => r.material),
    );
    const missing = await fx.client.get(`${HEADERS}('0009999999')/to_ReservationDocumentItem`);
    expect(missing.statusCode).toBe(404);
  });

  it('answers open reservations for many materials at a plant in one call', async () => {
    const plant = world.warehouse.reservations[0].plant;
    const materials = [...new Set(world.warehouse.reservations.filter((r) => r.plant === plant).map((r) => r.material))].slice(0, 5);
    const filter = `(${materials.map((m) => `Material eq '${m}'`).join(' or ')}) and Plant eq '${plant}' and ReservationItmIsMarkedForDeltn eq false and not ReservationItemIsFinallyIssued`;
    const { results } = await collection(ITEMS, { $filter: filter, $top: 1000 });
    const expected = world.warehouse.reservations.filter((r) => r.plant === plant && materials.includes(r.material));
    expect(results.reduce((sum, r) => sum + Number(r.ResvnItmRequiredQtyInBaseUnit), 0)).toBe(
      expected.reduce((sum, r) => sum + r.quantity, 0),
    );
  });

  it('filters by date with datetime literals', async () => {
    const cutoff = world.today;
    const { results } = await collection(ITEMS, { $filter: `MatlCompRequirementDate ge datetime'${cutoff}T00:00:00'`, $top: 1000 });
    const localDay = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    expect(results.length).toBe(world.warehouse.reservations.filter((r) => localDay(r.requirementDate) >= cutoff).length);
  });

  it('selects into expanded items with Navigation/Property', async () => {
    const { results } = await collection(HEADERS, {
      $select: 'Reservation,to_ReservationDocumentItem/Material',
      $expand: 'to_ReservationDocumentItem',
      $top: 1,
    });
    expect(Object.keys(results[0])).toEqual(['__metadata', 'Reservation', 'to_ReservationDocumentItem']);
    const [item] = (results[0].to_ReservationDocumentItem as { results: Entity[] }).results;
    expect(Object.keys(item)).toEqual(['__metadata', 'Material']);
  });
});

describe('material documents: the posted POS end-of-day batches', () => {
  const posted = () => [...world.warehouse.postedDays].sort();
  const soldAt = (retailStoreId: string, day: string) => {
    const sold = new Map<string, number>();
    for (const t of world.pos.transactions) {
      if (t.retailStoreId !== retailStoreId || t.businessDay !== day || t.kind !== 'Sale') continue;
      for (const line of t.lines) sold.set(line.sku, (sold.get(line.sku) ?? 0) + line.quantity);
    }
    return sold;
  };

  it("finds yesterday's batch of a store by ReferenceDocument, with its sales as 251 lines", async () => {
    const day = posted().at(-1)!;
    const store = world.stores.find((s) => soldAt(s.retailStoreId, day).size > 0)!;
    const { results } = await collection(DOCUMENTS, {
      $filter: `ReferenceDocument eq 'EOD-${store.retailStoreId}-${day.replace(/-/g, '')}'`,
      $expand: 'to_MaterialDocumentItem',
    });
    expect(results).toHaveLength(1);
    const document = results[0];
    expect(document).toMatchObject({
      MaterialDocumentHeaderText: `POS EOD ${store.retailStoreId} ${day}`,
      PostingDate: `/Date(${dayMs(day)})/`,
      DocumentDate: `/Date(${dayMs(day)})/`,
      GoodsMovementCode: '03',
      CreatedByUser: 'POS_EOD',
      CreationDate: `/Date(${dayMs(day)})/`,
      CreationTime: 'PT23H00M00S',
      MaterialDocumentYear: day.slice(0, 4),
    });
    const sales = (document.to_MaterialDocumentItem as { results: Entity[] }).results.filter((i) => i.GoodsMovementType === '251');
    expect(new Map(sales.map((i) => [i.Material, Number(i.QuantityInEntryUnit)]))).toEqual(soldAt(store.retailStoreId, day));
    expect(sales.every((i) => i.Plant === store.plant && i.DebitCreditCode === 'H' && i.StorageLocation === '0001')).toBe(true);
  });

  it("has no document for today's sales: they are not posted yet", async () => {
    const { results } = await collection(DOCUMENTS, { $filter: `substringof('${world.today}', MaterialDocumentHeaderText)` });
    expect(results).toEqual([]);
  });

  it('tells the last posted business day from the newest end-of-day document', async () => {
    const { results } = await collection(DOCUMENTS, {
      $filter: "startswith(MaterialDocumentHeaderText,'POS EOD')",
      $orderby: 'PostingDate desc',
      $top: 1,
      $select: 'PostingDate',
    });
    expect(results[0].PostingDate).toBe(`/Date(${dayMs(posted().at(-1)!)})/`);
  });

  it('keeps the last 31 posted days on line (older documents are archived)', async () => {
    const window = new Set(posted().slice(-31));
    const oldest = world.pos.transactions
      .filter((t) => t.kind !== 'PickupHandover' && window.has(t.businessDay))
      .map((t) => t.businessDay)
      .sort()[0];
    const { results } = await collection(DOCUMENTS, { $orderby: 'PostingDate', $top: 1, $select: 'PostingDate' });
    expect(results[0].PostingDate).toBe(`/Date(${dayMs(oldest)})/`);
    const before = await collection(DOCUMENTS, { $filter: `PostingDate lt datetime'${oldest}T00:00'` });
    expect(before.results).toEqual([]);
  });

  it('lists items on their own and navigates from a header to them', async () => {
    const items = await collection('API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentItem', {
      $filter: "MaterialDocument eq '4900000001'",
      $top: 500,
    });
    const viaHeader = await collection(
      "API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader(MaterialDocumentYear='2026',MaterialDocument='4900000001')/to_MaterialDocumentItem",
    );
    expect(items.results.length).toBeGreaterThan(0);
    expect(viaHeader.results.map((i) => i.MaterialDocumentItem)).toEqual(items.results.map((i) => i.MaterialDocumentItem));
  });
});
