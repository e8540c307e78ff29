import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { DEV_AUTH, query, warehouseFixture, WarehouseFixture } from '../../legacy/warehouse/testing';

const ROOT = '/sap/opu/odata/sap';
const STOCK = 'API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod';
const HEADERS = 'API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentHeader';
const ITEMS = 'API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentItem';
const DOCUMENTS = 'API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader';

type Entity = Record<string, unknown>;

let world: World;
let fx: WarehouseFixture;
let now: Date;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});

beforeEach(() => {
  now = world.now;
  fx = warehouseFixture(world, { clock: () => now });
});

afterEach(async () => {
  await fx.app.close();
  fx.db.close();
});

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Stock now, as a client reads it: 0 when there is no row. */
async function stock(material: string, plant: string, storageLocation = '0001', stockType = '01'): Promise<number> {
  const filter = `Material eq '${material}' and Plant eq '${plant}' and StorageLocation eq '${storageLocation}' and InventoryStockType eq '${stockType}'`;
  const { results } = await fx.client.d<{ results: Entity[] }>(`${STOCK}${query({ $filter: filter })}`);
  return results.length === 0 ? 0 : Number(results[0].MatlWrhsStkQtyInMatlBaseUnit);
}

/** Unrestricted stock minus what the seeded open reservations hold. */
function seededAvailable(material: string, plant: string): number {
  const onHand =
    world.warehouse.stock.find((s) => s.material === material && s.plant === plant && s.storageLocation === '0001' && s.stockType === '01')
      ?.quantity ?? 0;
  const held = world.warehouse.reservations
    .filter((r) => r.material === material && r.plant === plant)
    .reduce((sum, r) => sum + r.quantity, 0);
  return onHand - held;
}

/** A store stock row with at least `minimum` unrestricted pieces and nothing reserved. */
function storeStock(minimum: number) {
  return world.warehouse.stock.find(
    (s) =>
      s.plant.startsWith('S') &&
      s.stockType === '01' &&
      s.quantity >= minimum &&
      !world.warehouse.reservations.some((r) => r.material === s.material && r.plant === s.plant),
  )!;
}

const reservationBody = (items: Entity[], header: Entity = {}) => ({
  GoodsRecipientName: '000009001',
  ...header,
  to_ReservationDocumentItem: items,
});
const item = (material: string, plant: string, quantity: number | string) => ({
  Material: material,
  Plant: plant,
  StorageLocation: '0001',
  ResvnItmRequiredQtyInBaseUnit: String(quantity),
});
const movement = (lines: Entity[], header: Entity = {}) => ({
  MaterialDocumentHeaderText: 'test',
  ...header,
  to_MaterialDocumentItem: lines,
});
const line = (type: string, material: string, plant: string, quantity: number, extra: Entity = {}) => ({
  GoodsMovementType: type,
  Material: material,
  Plant: plant,
  StorageLocation: '0001',
  QuantityInEntryUnit: String(quantity),
  EntryUnit: 'PC',
  ...extra,
});
const count = async (path: string) => Number((await fx.client.get(`${path}/$count`)).body);
const errorOf = (response: { json(): { error: { code: string; message: { value: string } } } }) => [
  response.json().error.code,
  response.json().error.message.value,
];

describe('CSRF protection of writes', () => {
  it('hands out a token and a session cookie on a GET with x-csrf-token: fetch, the same token for the same session', async () => {
    const first = await fx.client.get('API_MATERIAL_DOCUMENT_SRV/', { 'x-csrf-token': 'Fetch' });
    const token = String(first.headers['x-csrf-token']);
    expect(token).toMatch(/^[A-Za-z0-9+/=]{20,}$/);
    expect(String(first.headers['set-cookie'])).toMatch(/^SAP_SESSIONID_OMG_100=[^;]+; path=\/; HttpOnly$/);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const again = await fx.client.get('API_PLANT_SRV/A_Plant', { 'x-csrf-token': 'fetch', cookie });
    expect(again.headers['x-csrf-token']).toBe(token);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await fx.client.get('API_PLANT_SRV/A_Plant')).headers['x-csrf-token']).toBeUndefined();
  });

  it('refuses writes without token, without cookie or with another session’s cookie, and writes nothing', async () => {
    const target = storeStock(2);
    const body = reservationBody([item(target.material, target.plant, 1)]);
    const { token, cookie } = await fx.client.csrf();
    const other = await fx.app.inject({
      url: `${ROOT}/API_PLANT_SRV/`,
      headers: { authorization: DEV_AUTH, accept: 'application/json', 'x-csrf-token': 'fetch' },
    });
    const otherCookie = String(other.headers['set-cookie']).split(';')[0];
    const before = await count(HEADERS);
    for (const headers of [
      { cookie },
      { 'x-csrf-token': token },
      { 'x-csrf-token': token, cookie: otherCookie },
      { 'x-csrf-token': 'fetch', cookie },
    ]) {
      const response = await fx.app.inject({
        method: 'POST',
        url: `${ROOT}/${HEADERS}`,
        headers: { authorization: DEV_AUTH, accept: 'application/json', ...headers },
        payload: body,
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers['x-csrf-token']).toBe('Required');
      expect(response.body).toBe('CSRF token validation failed');
    }
    expect(await count(HEADERS)).toBe(before);
  });

  it('lets a token expire after 30 minutes; a new fetch works again', async () => {
    const target = storeStock(2);
    const { token, cookie } = await fx.client.csrf();
    now = new Date(world.now.getTime() + 31 * 60_000);
    const post = () =>
      fx.app.inject({
        method: 'POST',
        url: `${ROOT}/${HEADERS}`,
        headers: { authorization: DEV_AUTH, accept: 'application/json', 'x-csrf-token': token, cookie },
        payload: reservationBody([item(target.material, target.plant, 1)]),
      });
    expect((await post()).statusCode).toBe(403);
    const renewed = await fx.client.get('API_PLANT_SRV/', { 'x-csrf-token': 'fetch', cookie });
    expect(renewed.headers['x-csrf-token']).not.toBe(token);
    const fresh = { 'x-csrf-token': String(renewed.headers['x-csrf-token']), cookie: String(renewed.headers['set-cookie']).split(';')[0] };
    const response = await fx.app.inject({
      method: 'POST',
      url: `${ROOT}/${HEADERS}`,
      headers: { authorization: DEV_AUTH, accept: 'application/json', ...fresh },
      payload: reservationBody([item(target.material, target.plant, 1)]),
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('creating reservations (deep insert)', () => {
  it('creates header and items, answers 201 with Location and the items inline', async () => {
    const target = storeStock(3);
    const response = await fx.client.write('POST', HEADERS, reservationBody([item(target.material, target.plant, '2.000')]));
    expect(response.statusCode).toBe(201);
    const created = response.json().d;
    const next = String(Math.max(...world.warehouse.reservations.map((r) => r.reservation)) + 1).padStart(10, '0');
    expect(created).toMatchObject({
      Reservation: next,
      GoodsMovementType: '261',
      GoodsRecipientName: '000009001',
      ReservationDate: `/Date(${dayMs(world.today)})/`,
    });
    expect(response.headers.location).toBe(created.__metadata.uri);
    expect(created.to_ReservationDocumentItem.results).toEqual([
      expect.objectContaining({
        Reservation: next,
        ReservationItem: '0001',
        Material: target.material,
        Plant: target.plant,
        StorageLocation: '0001',
        ResvnItmRequiredQtyInBaseUnit: '2.000',
        ResvnItmWithdrawnQtyInBaseUnit: '0.000',
        MatlCompRequirementDate: `/Date(${dayMs(world.today)})/`,
        GoodsRecipientName: '000009001',
        ReservationItmIsMarkedForDeltn: false,
      }),
    ]);
    const read = await fx.client.d<Entity>(`${HEADERS}('${next}')?$expand=to_ReservationDocumentItem`);
    expect(read).toEqual(created);
  });

  it('takes the items as {"results": [...]} too, and numbers them', async () => {
    const [a, b] = world.warehouse.stock.filter(
      (s) => s.plant === '1100' && s.stockType === '01' && seededAvailable(s.material, s.plant) >= 2,
    );
    const response = await fx.client.write('POST', HEADERS, {
      to_ReservationDocumentItem: { results: [item(a.material, '1100', 1), item(b.material, '1100', 2)] },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().d.to_ReservationDocumentItem.results.map((i: Entity) => [i.ReservationItem, i.Material])).toEqual([
      ['0001', a.material],
      ['0002', b.material],
    ]);
    expect(response.json().d.GoodsRecipientName).toBe('');
  });

  it('refuses a deficit against unrestricted stock minus open reservations, writing nothing', async () => {
    const held = world.warehouse.reservations.find((r) => seededAvailable(r.material, r.plant) > 0)!;
    const available = seededAvailable(held.material, held.plant);
    const before = await count(HEADERS);
    const response = await fx.client.write('POST', HEADERS, reservationBody([item(held.material, held.plant, available + 2)]));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual(['M7/021', `Deficit of SL Unrestricted-use 2 PC : ${held.material} ${held.plant} 0001`]);
    expect(await count(HEADERS)).toBe(before);
    expect((await fx.client.write('POST', HEADERS, reservationBody([item(held.material, held.plant, available)]))).statusCode).toBe(201);
    const none = await fx.client.write('POST', HEADERS, reservationBody([item(held.material, held.plant, 1)]));
    expect(errorOf(none)[1]).toBe(`Deficit of SL Unrestricted-use 1 PC : ${held.material} ${held.plant} 0001`);
  });

  it('refuses the whole reservation when one item is short, counting items of the same material together', async () => {
    const target = storeStock(3);
    const fine = world.warehouse.stock.find((s) => s.plant === '1100' && seededAvailable(s.material, '1100') > 5)!;
    const before = await count(ITEMS);
    const response = await fx.client.write(
      'POST',
      HEADERS,
      reservationBody([
        item(fine.material, '1100', 1),
        item(target.material, target.plant, target.quantity - 1),
        item(target.material, target.plant, 2),
      ]),
    );
    expect(errorOf(response)).toEqual(['M7/021', `Deficit of SL Unrestricted-use 1 PC : ${target.material} ${target.plant} 0001`]);
    expect(await count(ITEMS)).toBe(before);
  });

  it('refuses bad input in SAP’s words', async () => {
    const target = storeStock(2);
    const cases: [unknown, number, string, string][] = [
      [
        reservationBody([item('NO-SUCH-SKU', target.plant, 1)]),
        400,
        'M3/305',
        'The material NO-SUCH-SKU does not exist or is not activated',
      ],
      [reservationBody([item(target.material, 'S999', 1)]), 400, '/IWBEP/CX_MGW_BUSI_EXCEPTION', 'Plant S999 does not exist'],
      [
        reservationBody([{ ...item(target.material, target.plant, 1), StorageLocation: '0009' }]),
        400,
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        `Storage location ${target.plant} 0009 does not exist`,
      ],
      [
        reservationBody([{ Material: target.material, Plant: target.plant }]),
        400,
        '00/055',
        'Fill in all required entry fields (StorageLocation, ResvnItmRequiredQtyInBaseUnit)',
      ],
      [reservationBody([]), 400, '00/055', 'Fill in all required entry fields: to_ReservationDocumentItem needs at least one item'],
      [{ GoodsRecipientName: 'x' }, 400, '00/055', 'Fill in all required entry fields: to_ReservationDocumentItem needs at least one item'],
      [
        reservationBody([item(target.material, target.plant, '1.5')]),
        400,
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Quantity 1.5 PC is not a positive whole number of pieces',
      ],
      [
        reservationBody([{ ...item(target.material, target.plant, 1), ResvnItmRequiredQtyInBaseUnit: true }]),
        400,
        '/IWBEP/CX_MGW_TECH_EXCEPTION',
        "Property 'ResvnItmRequiredQtyInBaseUnit' has invalid value 'true'",
      ],
      [
        reservationBody([{ ...item(target.material, target.plant, 1), Colour: 'red' }]),
        400,
        '/IWBEP/CX_MGW_TECH_EXCEPTION',
        "Property 'Colour' is invalid for type 'A_ReservationDocumentItemType'",
      ],
      [
        reservationBody([item(target.material, target.plant, 1)], { GoodsRecipientName: '0000000000012' }),
        400,
        '/IWBEP/CX_MGW_TECH_EXCEPTION',
        "Property 'GoodsRecipientName' has invalid value '0000000000012'",
      ],
      [
        reservationBody([item(target.material, target.plant, 1)], { GoodsMovementType: '201' }),
        400,
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Movement type 201 is not allowed for reservations (use 261)',
      ],
      [[reservationBody([])], 400, '/IWBEP/CX_MGW_TECH_EXCEPTION', 'The request body must be a JSON object'],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await fx.client.write('POST', HEADERS, body);
      expect([response.statusCode, ...errorOf(response)]).toEqual([status, code, message]);
    }
  });

  it('answers a malformed JSON body with 400 and a non-JSON body with 415, after the logon check', async () => {
    const { token, cookie } = await fx.client.csrf();
    const headers = { authorization: DEV_AUTH, accept: 'application/json', 'x-csrf-token': token, cookie };
    const malformed = await fx.app.inject({
      method: 'POST',
      url: `${ROOT}/${HEADERS}`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"to_ReservationDocumentItem": [',
    });
    expect([malformed.statusCode, ...errorOf(malformed)]).toEqual([400, '/IWBEP/CX_MGW_TECH_EXCEPTION', 'Malformed syntax in JSON body']);
    const xml = await fx.app.inject({
      method: 'POST',
      url: `${ROOT}/${HEADERS}`,
      headers: { ...headers, 'content-type': 'application/atom+xml' },
      payload: '<entry/>',
    });
    expect([xml.statusCode, errorOf(xml)[0]]).toEqual([415, 'ZWM_STANDIN/001']);
    const anonymous = await fx.app.inject({
      method: 'POST',
      url: `${ROOT}/${HEADERS}`,
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('changing and deleting reservations', () => {
  const seeded = () => world.warehouse.reservations.find((r) => r.plant === '1100')!;
  const key = (reservation: number, position = '0001') =>
    `(Reservation='${String(reservation).padStart(10, '0')}',ReservationItem='${position}')`;

  /** The first item of a seeded reservation and how much more of its material is free. */
  function firstItem() {
    const r = seeded();
    return { r, free: seededAvailable(r.material, r.plant) };
  }

  it('releases the held stock when an item is marked for deletion', async () => {
    const { r, free } = firstItem();
    expect((await fx.client.write('POST', HEADERS, reservationBody([item(r.material, r.plant, free + 1)]))).statusCode).toBe(400);
    const patch = await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, { ReservationItmIsMarkedForDeltn: true });
    expect(patch.statusCode).toBe(204);
    expect(patch.body).toBe('');
    expect((await fx.client.d<Entity>(`${ITEMS}${key(r.reservation)}`)).ReservationItmIsMarkedForDeltn).toBe(true);
    expect((await fx.client.write('POST', HEADERS, reservationBody([item(r.material, r.plant, free + r.quantity)]))).statusCode).toBe(201);
    const undo = await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, { ReservationItmIsMarkedForDeltn: false });
    expect(errorOf(undo)).toEqual(['M7/021', `Deficit of SL Unrestricted-use ${r.quantity} PC : ${r.material} ${r.plant} 0001`]);
  });

  it('checks a raised quantity against free stock and takes a lower one', async () => {
    const { r, free } = firstItem();
    const tooMuch = await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, {
      ResvnItmRequiredQtyInBaseUnit: String(r.quantity + free + 1),
    });
    expect(errorOf(tooMuch)[1]).toBe(`Deficit of SL Unrestricted-use 1 PC : ${r.material} ${r.plant} 0001`);
    expect(
      (
        await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, {
          ResvnItmRequiredQtyInBaseUnit: String(r.quantity + free),
          GoodsRecipientName: 'changed',
        })
      ).statusCode,
    ).toBe(204);
    const changed = await fx.client.d<Entity>(`${ITEMS}${key(r.reservation)}`);
    expect([changed.ResvnItmRequiredQtyInBaseUnit, changed.GoodsRecipientName]).toEqual([`${r.quantity + free}.000`, 'changed']);
  });

  it('ignores read-only fields, refuses unknown ones and answers 404 for an unknown item', async () => {
    const { r } = firstItem();
    expect((await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, { Material: 'OTHER', Plant: 'S999' })).statusCode).toBe(204);
    expect((await fx.client.d<Entity>(`${ITEMS}${key(r.reservation)}`)).Material).toBe(r.material);
    expect(errorOf(await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, { Priority: 1 }))[1]).toBe(
      "Property 'Priority' is invalid for type 'A_ReservationDocumentItemType'",
    );
    expect((await fx.client.write('PATCH', `${ITEMS}${key(r.reservation)}`, { ReservationItmIsMarkedForDeltn: 'X' })).statusCode).toBe(400);
    expect(
      (await fx.client.write('PATCH', `${ITEMS}${key(r.reservation, '0099')}`, { ReservationItmIsMarkedForDeltn: true })).statusCode,
    ).toBe(404);
  });

  it('deletes a header with its items, freeing their stock', async () => {
    const { r, free } = firstItem();
    const response = await fx.client.write('DELETE', `${HEADERS}('${r.reservation}')`);
    expect(response.statusCode).toBe(204);
    expect((await fx.client.get(`${HEADERS}('${r.reservation}')`)).statusCode).toBe(404);
    expect(
      (await fx.client.d<{ results: Entity[] }>(`${ITEMS}${query({ $filter: `Reservation eq '${r.reservation}'` })}`)).results,
    ).toEqual([]);
    expect((await fx.client.write('POST', HEADERS, reservationBody([item(r.material, r.plant, free + r.quantity)]))).statusCode).toBe(201);
    expect((await fx.client.write('DELETE', `${HEADERS}('${r.reservation}')`)).statusCode).toBe(404);
  });
});

describe('goods movements (material documents)', () => {
  const firstNew = () => String(4_900_000_001 + Number(fx.db.prepare('SELECT COUNT(*) AS n FROM material_document').pluck().get()));

  it('posts a 251 store sale: stock goes down, the document answers inline with its number', async () => {
    const target = storeStock(3);
    const number = firstNew();
    const response = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([line('251', target.material, target.plant, 2)], { ReferenceDocument: 'EOD-TEST-1' }),
    );
    expect(response.statusCode).toBe(201);
    const document = response.json().d;
    expect(document).toMatchObject({
      MaterialDocumentYear: world.today.slice(0, 4),
      MaterialDocument: number,
      PostingDate: `/Date(${dayMs(world.today)})/`,
      GoodsMovementCode: '03',
      CreatedByUser: 'OMNIGRAPH_API',
      CreationDate: `/Date(${dayMs(world.today)})/`,
      CreationTime: 'PT10H30M00S',
      ReferenceDocument: 'EOD-TEST-1',
    });
    expect(response.headers.location).toBe(document.__metadata.uri);
    expect(document.to_MaterialDocumentItem.results).toEqual([
      expect.objectContaining({
        MaterialDocumentItem: '0001',
        Material: target.material,
        GoodsMovementType: '251',
        DebitCreditCode: 'H',
        QuantityInEntryUnit: '2.000',
        QuantityInBaseUnit: '2.000',
        InventoryStockType: '01',
      }),
    ]);
    expect(await stock(target.material, target.plant)).toBe(target.quantity - 2);
  });

  it('does not de-duplicate: the same batch posted twice counts twice, and a filter shows both', async () => {
    const target = storeStock(4);
    const batch = movement([line('251', target.material, target.plant, 1)], {
      ReferenceDocument: 'EOD-101-20261120',
      MaterialDocumentHeaderText: 'POS EOD 101 2026-11-20',
    });
    expect((await fx.client.write('POST', DOCUMENTS, batch)).statusCode).toBe(201);
    expect((await fx.client.write('POST', DOCUMENTS, batch)).statusCode).toBe(201);
    expect(await stock(target.material, target.plant)).toBe(target.quantity - 2);
    const posted = await fx.client.d<{ results: Entity[] }>(`${DOCUMENTS}${query({ $filter: "ReferenceDocument eq 'EOD-101-20261120'" })}`);
    expect(posted.results).toHaveLength(2);
  });

  it('refuses the whole document on a deficit, lines of the same stock counted together', async () => {
    const target = storeStock(2);
    const other = world.warehouse.stock.find(
      (s) => s.plant === target.plant && s.material !== target.material && s.stockType === '01' && s.quantity > 0,
    )!;
    const before = await count(DOCUMENTS);
    const response = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([
        line('251', other.material, other.plant, 1),
        line('251', target.material, target.plant, target.quantity),
        line('251', target.material, target.plant, 3),
      ]),
    );
    expect([response.statusCode, ...errorOf(response)]).toEqual([
      400,
      'M7/021',
      `Deficit of SL Unrestricted-use 3 PC : ${target.material} ${target.plant} 0001`,
    ]);
    expect(await count(DOCUMENTS)).toBe(before);
    expect(await stock(other.material, other.plant)).toBe(other.quantity);
    expect(await stock(target.material, target.plant)).toBe(target.quantity);
  });

  it('issues against a reservation with 261: withdraws it and finally issues it once all is gone', async () => {
    const r = world.warehouse.reservations.find((x) => x.quantity >= 2)!;
    const reservation = String(r.reservation).padStart(10, '0');
    const item = world.warehouse.reservations.filter((x) => x.reservation === r.reservation).indexOf(r) + 1;
    const onHand = await stock(r.material, r.plant);
    const issue = (quantity: number) =>
      fx.client.write(
        'POST',
        DOCUMENTS,
        movement([
          {
            GoodsMovementType: '261',
            Reservation: String(r.reservation),
            ReservationItem: String(item),
            QuantityInEntryUnit: String(quantity),
          },
        ]),
      );
    const first = await issue(1);
    expect(first.statusCode).toBe(201);
    expect(first.json().d.to_MaterialDocumentItem.results[0]).toMatchObject({
      Material: r.material,
      Plant: r.plant,
      StorageLocation: '0001',
      Reservation: reservation,
      ReservationItem: String(item).padStart(4, '0'),
    });
    const itemPath = `${ITEMS}(Reservation='${reservation}',ReservationItem='${item}')`;
    expect(await fx.client.d<Entity>(itemPath)).toMatchObject({
      ResvnItmWithdrawnQtyInBaseUnit: '1.000',
      ReservationItemIsFinallyIssued: false,
    });
    expect((await issue(r.quantity - 1)).statusCode).toBe(201);
    expect(await fx.client.d<Entity>(itemPath)).toMatchObject({
      ResvnItmWithdrawnQtyInBaseUnit: `${r.quantity}.000`,
      ReservationItemIsFinallyIssued: true,
    });
    expect(await stock(r.material, r.plant)).toBe(onHand - r.quantity);
    expect(errorOf(await issue(1))[1]).toBe(
      `Reservation item ${reservation} ${String(item).padStart(4, '0')} has already been finally issued`,
    );
  });

  it('refuses a 261 that does not match its reservation or names none', async () => {
    const r = world.warehouse.reservations[0];
    const wrongPlant = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([
        { GoodsMovementType: '261', Reservation: String(r.reservation), ReservationItem: '1', Plant: 'S105', QuantityInEntryUnit: '1' },
      ]),
    );
    expect(errorOf(wrongPlant)[1]).toContain('does not match reservation');
    const none = await fx.client.write('POST', DOCUMENTS, movement([line('261', r.material, r.plant, 1)]));
    expect(errorOf(none)).toEqual(['00/055', 'Fill in all required entry fields (Reservation, ReservationItem)']);
    const unknown = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([{ GoodsMovementType: '261', Reservation: '42', ReservationItem: '1', QuantityInEntryUnit: '1' }]),
    );
    expect(errorOf(unknown)[1]).toBe('Reservation 42 item 1 does not exist');
  });

  it('takes customer returns back with 252, into blocked stock when damaged', async () => {
    const target = storeStock(1);
    const response = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([
        line('252', target.material, target.plant, 2),
        line('252', target.material, target.plant, 1, { StorageLocation: '0002', InventoryStockType: '07' }),
      ]),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().d.to_MaterialDocumentItem.results.map((i: Entity) => i.DebitCreditCode)).toEqual(['S', 'S']);
    expect(await stock(target.material, target.plant)).toBe(target.quantity + 2);
    const blockedBefore =
      world.warehouse.stock.find((s) => s.material === target.material && s.plant === target.plant && s.stockType === '07')?.quantity ?? 0;
    expect(await stock(target.material, target.plant, '0002', '07')).toBe(blockedBefore + 1);
  });

  it('moves stock between plants (301), storage locations (311) and into blocked stock (344)', async () => {
    const source = world.warehouse.stock.find((s) => s.plant === '1100' && s.stockType === '01' && s.quantity >= 10)!;
    const atStore = await stock(source.material, 'S101');
    const plantToPlant = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([line('301', source.material, '1100', 4, { IssuingOrReceivingPlant: 'S101' })]),
    );
    expect(plantToPlant.statusCode).toBe(201);
    expect(plantToPlant.json().d.GoodsMovementCode).toBe('04');
    expect(await stock(source.material, '1100')).toBe(source.quantity - 4);
    expect(await stock(source.material, 'S101')).toBe(atStore + 4);

    const sloc = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([line('311', source.material, '1100', 1, { IssuingOrReceivingStorageLoc: '0002' })]),
    );
    expect(sloc.json().d.to_MaterialDocumentItem.results[0]).toMatchObject({
      IssuingOrReceivingPlant: '1100',
      IssuingOrReceivingStorageLoc: '0002',
    });
    expect(await stock(source.material, '1100', '0002')).toBe(1);

    const blockedBefore = await stock(source.material, '1100', '0001', '07');
    expect((await fx.client.write('POST', DOCUMENTS, movement([line('344', source.material, '1100', 2)]))).statusCode).toBe(201);
    expect(await stock(source.material, '1100')).toBe(source.quantity - 4 - 1 - 2);
    expect(await stock(source.material, '1100', '0001', '07')).toBe(blockedBefore + 2);
  });

  it('receives goods with 501, creating stock a plant never held', async () => {
    const carried = new Set(world.warehouse.stock.filter((s) => s.plant === 'S101').map((s) => s.material));
    const fresh = world.products.find((p) => !carried.has(p.sku))!;
    const response = await fx.client.write(
      'POST',
      DOCUMENTS,
      movement([line('501', fresh.sku, 'S101', 6)], { PostingDate: `/Date(${dayMs('2026-11-18')})/`, DocumentDate: '2026-11-17T00:00:00' }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().d).toMatchObject({
      GoodsMovementCode: '05',
      PostingDate: `/Date(${dayMs('2026-11-18')})/`,
      DocumentDate: `/Date(${dayMs('2026-11-17')})/`,
    });
    expect(await stock(fresh.sku, 'S101')).toBe(6);
  });

  it('refuses what SAP refuses', async () => {
    const target = storeStock(2);
    const cases: [unknown, string, string][] = [
      [
        movement([line('601', target.material, target.plant, 1)]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Movement type 601 is not supported (supported: 251, 252, 261, 301, 311, 344, 501)',
      ],
      [
        movement([line('501', target.material, target.plant, 1), line('251', target.material, target.plant, 1)]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Movement type 251 is not allowed with goods movement code 05',
      ],
      [
        movement([line('251', target.material, target.plant, 1)], { GoodsMovementCode: '04' }),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Movement type 251 is not allowed with goods movement code 04',
      ],
      [
        movement([line('311', target.material, target.plant, 1)]),
        '00/055',
        'Fill in all required entry fields (IssuingOrReceivingStorageLoc)',
      ],
      [
        movement([line('301', target.material, target.plant, 1, { IssuingOrReceivingPlant: target.plant })]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        `Movement type 301 moves stock between plants; receiving plant ${target.plant} is the issuing plant`,
      ],
      [
        movement([line('251', target.material, target.plant, 1, { InventoryStockType: '07' })]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Stock type 07 is not allowed with movement type 251',
      ],
      [
        movement([line('251', target.material, target.plant, 1, { EntryUnit: 'KG' })]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Unit KG is not the base unit PC',
      ],
      [
        movement([line('251', target.material, target.plant, 0)]),
        '/IWBEP/CX_MGW_BUSI_EXCEPTION',
        'Quantity 0 PC is not a positive whole number of pieces',
      ],
      [
        movement([line('251', target.material, target.plant, 1)], { ReferenceDocument: 'EOD-101-2026112000' }),
        '/IWBEP/CX_MGW_TECH_EXCEPTION',
        "Property 'ReferenceDocument' has invalid value 'EOD-101-2026112000'",
      ],
      [
        movement([line('251', target.material, target.plant, 1)], { PostingDate: 'yesterday' }),
        '/IWBEP/CX_MGW_TECH_EXCEPTION',
        "Property 'PostingDate' has invalid value 'yesterday'",
      ],
      [
        movement([{ GoodsMovementType: '251', Material: target.material }]),
        '00/055',
        'Fill in all required entry fields (Plant, StorageLocation)',
      ],
    ];
    const before = await count(DOCUMENTS);
    for (const [body, code, message] of cases) {
      const response = await fx.client.write('POST', DOCUMENTS, body);
      expect([response.statusCode, ...errorOf(response)]).toEqual([400, code, message]);
    }
    expect(await count(DOCUMENTS)).toBe(before);
    expect(await stock(target.material, target.plant)).toBe(target.quantity);
  });

  it('counts writes by operation', async () => {
    const target = storeStock(2);
    await fx.client.csrf();
    await fx.app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) });
    await fx.client.write('POST', DOCUMENTS, movement([line('251', target.material, target.plant, 1)]));
    await fx.client.write('POST', HEADERS, reservationBody([item(target.material, target.plant, 1)]));
    await fx.client.write('PATCH', `${ITEMS}(Reservation='0001000000',ReservationItem='0001')`, { ReservationItmIsMarkedForDeltn: true });
    await fx.client.write('DELETE', `${HEADERS}('0001000000')`);
    const calls = (await fx.app.inject({ url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls.byOperation).toEqual({
      'A_MaterialDocumentHeader.create': 1,
      'A_ReservationDocumentHeader.create': 1,
      'A_ReservationDocumentHeader.delete': 1,
      'A_ReservationDocumentItem.update': 1,
    });
  });
});
