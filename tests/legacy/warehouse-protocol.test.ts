import { XMLParser } from 'fast-xml-parser';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { DEV_AUTH, query, warehouseFixture, WarehouseFixture } from '../../legacy/warehouse/testing';

const ROOT = '/sap/opu/odata/sap';
const PLANTS = `${ROOT}/API_PLANT_SRV/A_Plant`;

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

afterEach(() => {
  fx.app.legacy.resetKnobs();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('logon', () => {
  it('refuses a call without credentials with SAP realm and an HTML page', async () => {
    const response = await fx.app.inject({ url: `${PLANTS}?$format=json` });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="SAP NetWeaver Application Server [OMG/100]"');
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Logon failed');
  });

  it('refuses a wrong password and a malformed Authorization header', async () => {
    for (const authorization of [basic('OMNIGRAPH_API', 'wrong'), 'Bearer abc', 'Basic !!!']) {
      const response = await fx.app.inject({ url: `${PLANTS}?$format=json`, headers: { authorization } });
      expect(response.statusCode).toBe(401);
    }
  });

  it('takes the user name in any case, as SAP does', async () => {
    const response = await fx.app.inject({
      url: `${PLANTS}?$format=json`,
      headers: { authorization: basic('omnigraph_api', 'warehouse-dev-password') },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().d.results).toHaveLength(world.warehouse.plants.length);
  });

  it('reads credentials from the environment', async () => {
    const other = warehouseFixture(world, { env: { WAREHOUSE_USER: 'ERP_BRIDGE', WAREHOUSE_PASSWORD: 's3cret' } });
    const withDefault = await other.app.inject({ url: `${PLANTS}?$format=json`, headers: { authorization: DEV_AUTH } });
    const withConfigured = await other.app.inject({
      url: `${PLANTS}?$format=json`,
      headers: { authorization: basic('ERP_BRIDGE', 's3cret') },
    });
    expect([withDefault.statusCode, withConfigured.statusCode]).toEqual([401, 200]);
    await other.app.close();
    other.db.close();
  });
});

describe('JSON only', () => {
  it('answers 406 with an OData error when the client does not ask for JSON (SAP would send Atom XML)', async () => {
    for (const headers of [{}, { accept: 'application/atom+xml' }, { accept: '*/*' }]) {
      const response = await fx.app.inject({ url: PLANTS, headers: { authorization: DEV_AUTH, ...headers } });
      expect(response.statusCode).toBe(406);
      expect(response.json().error.code).toBe('ZWM_STANDIN/001');
    }
    const xml = await fx.app.inject({ url: `${PLANTS}?$format=xml`, headers: { authorization: DEV_AUTH, accept: 'application/json' } });
    expect(xml.statusCode).toBe(406);
  });

  it('answers JSON for $format=json or Accept: application/json', async () => {
    const byFormat = await fx.app.inject({ url: `${PLANTS}?$format=json`, headers: { authorization: DEV_AUTH } });
    const byAccept = await fx.app.inject({
      url: PLANTS,
      headers: { authorization: DEV_AUTH, accept: 'application/json, text/plain, */*' },
    });
    expect(byFormat.statusCode).toBe(200);
    expect(byAccept.statusCode).toBe(200);
    expect(byFormat.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(byFormat.headers.dataserviceversion).toBe('2.0');
    expect(byAccept.json()).toEqual(byFormat.json());
  });
});

describe('service document and $metadata', () => {
  it('lists the entity sets of a service', async () => {
    expect(await fx.client.d('API_RESERVATION_DOCUMENT_SRV/')).toEqual({
      EntitySets: ['A_ReservationDocumentHeader', 'A_ReservationDocumentItem'],
    });
    expect(await fx.client.d('API_MATERIAL_STOCK_SRV')).toEqual({ EntitySets: ['A_MatlStkInAcctMod'] });
  });

  it('describes the stock type with its eleven keys in EDMX', async () => {
    const response = await fx.client.get('API_MATERIAL_STOCK_SRV/$metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/xml/);
    const edmx = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(response.body);
    const schema = edmx['edmx:Edmx']['edmx:DataServices'].Schema;
    expect(schema.Namespace).toBe('API_MATERIAL_STOCK_SRV');
    expect(schema.EntityType.Name).toBe('A_MatlStkInAcctModType');
    expect(schema.EntityType.Key.PropertyRef.map((p: { Name: string }) => p.Name)).toEqual([
      'Material',
      'Plant',
      'StorageLocation',
      'Batch',
      'Supplier',
      'Customer',
      'WBSElementInternalID',
      'SDDocument',
      'SDDocumentItem',
      'InventorySpecialStockType',
      'InventoryStockType',
    ]);
    const quantity = schema.EntityType.Property.find((p: { Name: string }) => p.Name === 'MatlWrhsStkQtyInMatlBaseUnit');
    expect(quantity).toMatchObject({ Type: 'Edm.Decimal', Scale: '3' });
  });

  it('declares the navigation from reservation header to items', async () => {
    const response = await fx.client.get('API_RESERVATION_DOCUMENT_SRV/$metadata');
    const edmx = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(response.body);
    const schema = edmx['edmx:Edmx']['edmx:DataServices'].Schema;
    const header = schema.EntityType.find((t: { Name: string }) => t.Name === 'A_ReservationDocumentHeaderType');
    expect(header.NavigationProperty.Name).toBe('to_ReservationDocumentItem');
    expect(schema.EntityContainer.EntitySet.map((s: { Name: string }) => s.Name)).toEqual([
      'A_ReservationDocumentHeader',
      'A_ReservationDocumentItem',
    ]);
  });
});

describe('errors in the OData V2 format', () => {
  it('answers an unknown entity set with 404 and a Gateway error', async () => {
    const response = await fx.client.get('API_PLANT_SRV/A_Plants');
    expect(response.statusCode).toBe(404);
    const { error } = response.json();
    expect(error.code).toBe('/IWBEP/CM_MGW_RT/020');
    expect(error.message).toEqual({ lang: 'en', value: "Resource not found for segment 'A_Plants'" });
    expect(error.innererror.transactionid).toMatch(/^[0-9A-F]{32}$/);
    expect(error.innererror.timestamp).toMatch(/^\d{14}\.\d{7}$/);
    expect(error.innererror.errordetails).toEqual([]);
  });

  it('answers an unknown key and an unknown navigation with 404', async () => {
    const plant = await fx.client.get("API_PLANT_SRV/A_Plant('S999')");
    expect(plant.statusCode).toBe(404);
    expect(plant.json().error.message.value).toBe("Resource not found for segment 'A_PlantType'");
    const navigation = await fx.client.get("API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentHeader('0001000000')/to_Nothing");
    expect(navigation.statusCode).toBe(404);
  });

  it('answers an unknown service with /IWFND/MED/170', async () => {
    const response = await fx.client.get('API_PRODUCT_SRV/A_Product');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('/IWFND/MED/170');
    expect(response.json().error.message.value).toContain("name 'API_PRODUCT_SRV'");
  });

  it('refuses bad system query options with 400', async () => {
    const cases: [string, string][] = [
      [query({ $top: 'ten' }), "Invalid value 'ten' for system query option '$top'"],
      [query({ $skip: -1 }), "Invalid value '-1' for system query option '$skip'"],
      [query({ $skiptoken: 'abc' }), "Invalid value 'abc' for system query option '$skiptoken'"],
      [query({ $inlinecount: 'all' }), "Invalid value 'all' for system query option '$inlinecount'"],
      [query({ $search: 'S101' }), "System query option '$search' is not supported"],
      [query({ $select: 'Plant,Nope' }), "Property 'Nope' not found in type 'A_PlantType'"],
      [query({ $orderby: 'Plant sideways' }), 'Invalid token detected at position 6'],
      [query({ $expand: 'to_Stock' }), "Navigation property 'to_Stock' not found in type 'A_PlantType'"],
    ];
    for (const [options, message] of cases) {
      const response = await fx.client.get(`API_PLANT_SRV/A_Plant${options}`);
      expect([response.statusCode, response.json().error.message.value]).toEqual([400, message]);
    }
  });

  it('refuses a key predicate that lacks keys or names a non-key', async () => {
    const lacking = await fx.client.get("API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod(Material='X',Plant='S101')");
    expect(lacking.statusCode).toBe(400);
    expect(lacking.json().error.message.value).toContain('lacks StorageLocation');
    const nonKey = await fx.client.get("API_PLANT_SRV/A_Plant(PlantName='x')");
    expect(nonKey.statusCode).toBe(400);
  });

  it('refuses methods the API does not offer with 405', async () => {
    const post = await fx.client.write('POST', 'API_PLANT_SRV/A_Plant', { Plant: 'S999' });
    expect(post.statusCode).toBe(405);
    expect(post.json().error.code).toBe('/IWBEP/CM_MGW_RT/021');
    const patch = await fx.client.write('PATCH', "API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentHeader('0001000000')", {
      GoodsRecipientName: 'x',
    });
    expect(patch.statusCode).toBe(405);
    const remove = await fx.client.write(
      'DELETE',
      "API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader(MaterialDocumentYear='2026',MaterialDocument='4900000001')",
    );
    expect(remove.statusCode).toBe(405);
  });
});

describe('faults in the product dialect', () => {
  it("answers the 'error' knob with a 500 OData error", async () => {
    fx.app.legacy.setKnobs({ errorRate: 1 });
    const response = await fx.client.get('API_PLANT_SRV/A_Plant');
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('SY/530');
  });

  it("answers the 'down' knob with the Web Dispatcher's 503 page, before any logon", async () => {
    fx.app.legacy.setKnobs({ down: true });
    const response = await fx.app.inject({ url: PLANTS });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('503 Service not available');
  });

  it('answers a rate limit with 429, Retry-After and the API gateway fault', async () => {
    fx.app.legacy.setKnobs({ rateLimitPerSecond: 1 });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 3; i += 1) {
      const response = await fx.client.get('API_PLANT_SRV/A_Plant');
      statuses.push(response.statusCode);
      if (response.statusCode === 429) limited = response;
    }
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited!.json().fault.detail.errorcode).toBe('policies.ratelimit.QuotaViolation');
  });

  it('takes the knobs from WAREHOUSE_* variables', async () => {
    const other = warehouseFixture(world, { env: { WAREHOUSE_DOWN: 'true' } });
    expect((await other.client.get('API_PLANT_SRV/A_Plant')).statusCode).toBe(503);
    await other.app.close();
    other.db.close();
  });
});

describe('call counting', () => {
  it('counts calls by entity set and operation', async () => {
    await fx.app.inject({ method: 'DELETE', url: '/__admin/calls', headers: adminHeaders({}) });
    await fx.client.get(`API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod${query({ $filter: "Plant eq 'S101'" })}`);
    await fx.client.get(`API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod${query({ $filter: "Plant eq 'S102'" })}`);
    await fx.client.get('API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod/$count');
    await fx.client.get("API_PLANT_SRV/A_Plant('S101')");
    await fx.client.get("API_RESERVATION_DOCUMENT_SRV/A_ReservationDocumentHeader('0001000000')/to_ReservationDocumentItem");
    await fx.client.get('API_MATERIAL_DOCUMENT_SRV/$metadata');
    await fx.app.inject({ url: PLANTS });
    const calls = (await fx.app.inject({ url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls).toEqual({
      system: 'warehouse',
      total: 7,
      byOperation: {
        'A_MatlStkInAcctMod.count': 1,
        'A_MatlStkInAcctMod.query': 2,
        'A_Plant.query': 1,
        'A_Plant.read': 1,
        'A_ReservationDocumentHeader.to_ReservationDocumentItem': 1,
        'API_MATERIAL_DOCUMENT_SRV.metadata': 1,
      },
    });
  });
});
