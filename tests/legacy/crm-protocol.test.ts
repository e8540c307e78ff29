import type { FastifyInstance } from 'fastify';
import { adminHeaders } from '../../legacy/kit/admin';
import type { World } from '../../legacy/seed/model';
import { generateWorld } from '../../legacy/seed/world';
import { CrmClient, crmApp, DEV } from '../../legacy/crm/testing';

let world: World;
let app: FastifyInstance;
let crm: CrmClient;

beforeAll(() => {
  world = generateWorld({ seed: 7, size: 'small' });
});

beforeEach(() => {
  app = crmApp(world);
  crm = new CrmClient(app);
});

afterEach(() => app.close());

function post(payload: string, contentType = 'application/json') {
  return app.inject({ method: 'POST', url: '/jsonrpc', headers: { 'content-type': contentType }, payload });
}

describe('common service', () => {
  it('reports the server version', async () => {
    const answer = await crm.call<Record<string, unknown>>('common', 'version', [], 41);
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: 41 });
    expect(answer.result).toMatchObject({ server_version: '17.0', server_serie: '17.0', protocol_version: 1 });
  });

  it('authenticates the integration user to uid 2, and answers false to a wrong password or login', async () => {
    expect((await crm.call('common', 'authenticate', [DEV.database, DEV.login, DEV.apiKey, {}])).result).toBe(2);
    expect((await crm.call('common', 'login', [DEV.database, DEV.login, DEV.apiKey])).result).toBe(2);
    expect((await crm.call('common', 'authenticate', [DEV.database, DEV.login, 'guess', {}])).result).toBe(false);
    expect((await crm.call('common', 'authenticate', [DEV.database, 'admin', DEV.apiKey, {}])).result).toBe(false);
  });

  it('fails at the connection for a database it does not have', async () => {
    const answer = await crm.call('common', 'authenticate', ['prod', DEV.login, DEV.apiKey, {}]);
    expect(answer.error?.data.name).toBe('psycopg2.OperationalError');
    expect(answer.error?.data.message).toContain('database "prod" does not exist');
  });

  it('refuses the wrong number of arguments the way Python does', async () => {
    const answer = await crm.call('common', 'authenticate', [DEV.database, DEV.login, DEV.apiKey]);
    expect(answer.error?.data).toMatchObject({
      name: 'builtins.TypeError',
      message: "exp_authenticate() missing 1 required positional argument: 'user_agent_env'",
    });
  });

  it('reads its credentials from the environment', async () => {
    const custom = new CrmClient(crmApp(world, { env: { CRM_DATABASE: 'shop', CRM_LOGIN: 'graph', CRM_API_KEY: 'k-123' } }));
    expect((await custom.call('common', 'authenticate', ['shop', 'graph', 'k-123', {}])).result).toBe(2);
    expect((await custom.call('common', 'authenticate', ['shop', DEV.login, DEV.apiKey, {}])).result).toBe(false);
    await custom.app.close();
  });
});

describe('object service', () => {
  it('checks database, uid and password on every execute_kw', async () => {
    const partner = world.crm.partners[0];
    const ok = await crm.call<{ name: string }[]>('object', 'execute_kw', [
      DEV.database,
      '2',
      DEV.apiKey,
      'res.partner',
      'read',
      [[partner.id], ['name']],
    ]);
    expect(ok.result).toEqual([{ id: partner.id, name: partner.name }]);
    for (const [uid, password] of [
      [2, 'wrong'],
      [3, DEV.apiKey],
      [false, DEV.apiKey],
    ]) {
      const answer = await crm.call('object', 'execute_kw', [DEV.database, uid, password, 'res.partner', 'read', [[partner.id]]]);
      expect(answer.error).toMatchObject({
        code: 200,
        message: 'Odoo Server Error',
        data: { name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' },
      });
    }
  });

  it('answers Odoo errors with a Python traceback, under HTTP 200', async () => {
    const response = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        id: 'q7',
        params: { service: 'object', method: 'execute_kw', args: [DEV.database, 2, DEV.apiKey, 'crm.lead', 'search', [[]]] },
      }),
    );
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      jsonrpc: '2.0',
      id: 'q7',
      error: {
        code: 200,
        message: 'Odoo Server Error',
        data: { name: 'builtins.KeyError', message: "'crm.lead'", arguments: ['crm.lead'], context: {} },
      },
    });
    expect(body.error.data.debug).toMatch(/^Traceback \(most recent call last\):\n[\s\S]*\nKeyError: 'crm\.lead'\n$/);
    expect(body.error.data.debug).not.toContain('.ts:');
  });

  it('names unknown and private methods as Odoo does', async () => {
    expect(await crm.fault('res.partner', 'merge_duplicates', [[]])).toMatchObject({
      name: 'builtins.AttributeError',
      message: "The method 'merge_duplicates' does not exist on the model 'res.partner'",
    });
    expect(await crm.fault('res.partner', '_compute_display_name', [[]])).toMatchObject({ name: 'odoo.exceptions.AccessError' });
    const answer = await crm.call('object', 'run', [DEV.database, 2, DEV.apiKey]);
    expect(answer.error?.data).toMatchObject({ name: 'builtins.NameError', message: 'Method not available run' });
  });

  it('binds positional and keyword arguments like Python', async () => {
    expect(await crm.fault('res.partner', 'search_read', [[]], { feilds: ['name'] })).toMatchObject({
      name: 'builtins.TypeError',
      message: "search_read() got an unexpected keyword argument 'feilds'",
    });
    expect(await crm.fault('res.partner', 'search_read', [[], ['name']], { fields: ['email'] })).toMatchObject({
      message: "search_read() got multiple values for argument 'fields'",
    });
    expect(await crm.fault('res.partner', 'search', [])).toMatchObject({
      message: "search() missing 1 required positional argument: 'domain'",
    });
    expect(await crm.fault('res.partner', 'read', [])).toMatchObject({ name: 'builtins.IndexError' });
  });

  it('also takes the older positional execute', async () => {
    const partner = world.crm.partners[1];
    const answer = await crm.call<{ id: number; email: unknown }[]>('object', 'execute', [
      DEV.database,
      2,
      DEV.apiKey,
      'res.partner',
      'read',
      [partner.id],
      ['email'],
    ]);
    expect(answer.result).toEqual([{ id: partner.id, email: partner.email ?? false }]);
  });
});

describe('requests Odoo cannot dispatch', () => {
  it('answers malformed JSON with a bare 400 "Invalid JSON data"', async () => {
    const response = await post('{"jsonrpc": "2.0", "params": ');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toBe('Invalid JSON data');
  });

  it('answers JSON that is not an object with 400 "Invalid JSON-RPC data"', async () => {
    const response = await post('[1, 2, 3]');
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe('Invalid JSON-RPC data');
  });

  it("answers a body that is not JSON with werkzeug's Bad Request page", async () => {
    const response = await post('service=common', 'application/x-www-form-urlencoded');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>400 Bad Request</title>');
    expect(response.body).toContain('but &#39;json&#39; was expected');
  });

  it('answers an envelope without service, method and args with a TypeError', async () => {
    const response = await post(JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 5, params: { service: 'common' } }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: 5,
      error: { data: { name: 'builtins.TypeError', message: "jsonrpc() missing 2 required positional arguments: 'method' and 'args'" } },
    });
  });

  it('answers an unknown service with a KeyError', async () => {
    const answer = await crm.call('report', 'render', []);
    expect(answer.error?.data).toMatchObject({ name: 'builtins.KeyError', message: "'report'" });
  });
});

describe('behaviour knobs, in the dialect of nginx in front of Odoo', () => {
  const partnerRead = () => crm.execute('res.partner', 'read', [[world.crm.partners[0].id], ['name']]);

  it('turns an injected error into an Odoo Server Error under HTTP 200', async () => {
    app.legacy.setKnobs({ errorRate: 1 });
    const answer = await crm.call('object', 'execute_kw', [DEV.database, 2, DEV.apiKey, 'res.partner', 'search', [[]]], 77);
    expect(answer).toMatchObject({ id: 77, error: { code: 200, message: 'Odoo Server Error', data: { name: 'builtins.Exception' } } });
  });

  it('answers 502 Bad Gateway from nginx when Odoo is down', async () => {
    app.legacy.setKnobs({ down: true });
    const response = await post(
      JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'version', args: [] } }),
    );
    expect(response.statusCode).toBe(502);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<center><h1>502 Bad Gateway</h1></center>');
    expect(response.body).toContain('<center>nginx</center>');
  });

  it('answers 429 with Retry-After past the rate limit', async () => {
    app.legacy.setKnobs({ rateLimitPerSecond: 2 });
    expect((await partnerRead()).result).toHaveLength(1);
    expect((await partnerRead()).result).toHaveLength(1);
    await expect(partnerRead()).rejects.toThrow('HTTP 429');
    const response = await post(
      JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'common', method: 'version', args: [] } }),
    );
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toContain('429 Too Many Requests');
  });

  it('reads its knobs from CRM_ variables', async () => {
    const down = crmApp(world, { env: { CRM_DOWN: 'true' } });
    const response = await down.inject({
      method: 'POST',
      url: '/jsonrpc',
      payload: { params: { service: 'common', method: 'version', args: [] } },
    });
    expect(response.statusCode).toBe(502);
    await down.close();
  });
});

describe('call counting', () => {
  it('counts each call as model.method or common.method', async () => {
    const ids = world.crm.partners.slice(0, 3).map((partner) => partner.id);
    await crm.call('common', 'authenticate', [DEV.database, DEV.login, DEV.apiKey, {}]);
    await crm.execute('res.partner', 'read', [ids, ['name']]);
    await crm.execute('res.partner', 'read', [ids, ['email']]);
    await crm.execute('res.partner', 'search_read', [[['id', 'in', ids]]], { fields: ['name'] });
    await crm.execute('loyalty.card', 'search_read', [[['partner_id', 'in', ids]]]);
    await crm.execute('crm.lead', 'search', [[]]);
    await post('not json at all');
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls).toEqual({
      system: 'crm',
      total: 7,
      byOperation: {
        'common.authenticate': 1,
        'crm.lead.search': 1,
        jsonrpc: 1,
        'loyalty.card.search_read': 1,
        'res.partner.read': 2,
        'res.partner.search_read': 1,
      },
    });
  });

  it('counts faulted calls too', async () => {
    app.legacy.setKnobs({ down: true });
    await post(
      JSON.stringify({
        params: { service: 'object', method: 'execute_kw', args: [DEV.database, 2, DEV.apiKey, 'helpdesk.ticket', 'search_count', [[]]] },
      }),
    );
    const calls = (await app.inject({ method: 'GET', url: '/__admin/calls', headers: adminHeaders({}) })).json();
    expect(calls.byOperation).toEqual({ 'helpdesk.ticket.search_count': 1 });
  });
});
