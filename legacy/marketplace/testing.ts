import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { adminHeaders } from '../kit/admin';
import { Db, openDatabase } from '../kit/db';
import type { Knobs } from '../kit/knobs';
import type { World } from '../seed/model';
import { API_ROOT, buildApp } from './app';
import { partnerFrom, PartnerCredentials, requestSign } from './sign';
import { createSchema, loadWorld } from './store';

/** Test fixture: a loaded in-memory marketplace and a seller app that signs its calls as an integrator would. */

export class MarketplaceClient {
  readonly partner: PartnerCredentials;
  shopId = 0;
  accessToken = '';
  refreshToken = '';

  constructor(
    readonly app: FastifyInstance,
    private readonly clock: () => Date,
    env: NodeJS.ProcessEnv = {},
  ) {
    this.partner = partnerFrom(env);
  }

  /** The platform's seconds, as the seller's own clock would read them. */
  timestamp(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  /** The common parameters of a call, signed; `override` replaces any of them (a stale timestamp, a wrong sign). */
  common(call: string, shop: boolean, override: Record<string, string | number> = {}): Record<string, string | number> {
    const timestamp = Number(override.timestamp ?? this.timestamp());
    const path = `${API_ROOT}/${call}`;
    const sign = requestSign(this.partner, path, timestamp, shop ? { accessToken: this.accessToken, shopId: this.shopId } : undefined);
    return {
      partner_id: this.partner.partnerId,
      timestamp,
      sign,
      ...(shop ? { access_token: this.accessToken, shop_id: this.shopId } : {}),
      ...override,
    };
  }

  get(
    call: string,
    params: Record<string, string | number> = {},
    override: Record<string, string | number> = {},
  ): Promise<LightMyRequestResponse> {
    const query = { ...this.common(call, true, override), ...params };
    return this.app.inject({ method: 'GET', url: `${API_ROOT}/${call}`, query: stringValues(query) });
  }

  post(call: string, payload: object, override: Record<string, string | number> = {}, shop = true): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: `${API_ROOT}/${call}`, query: stringValues(this.common(call, shop, override)), payload });
  }

  /** The shop owner authorises the app; the app trades the code for its tokens. */
  async authorize(): Promise<void> {
    const { code, shop_id } = (await this.admin('POST', '/__admin/authorize')).json();
    this.shopId = shop_id;
    const answer = (await this.post('auth/token/get', { code, shop_id, partner_id: this.partner.partnerId }, {}, false)).json();
    this.accessToken = answer.access_token;
    this.refreshToken = answer.refresh_token;
  }

  async refresh(): Promise<LightMyRequestResponse> {
    const response = await this.post(
      'auth/access_token/get',
      { refresh_token: this.refreshToken, shop_id: this.shopId, partner_id: this.partner.partnerId },
      {},
      false,
    );
    if (response.statusCode === 200) ({ access_token: this.accessToken, refresh_token: this.refreshToken } = response.json());
    return response;
  }

  admin(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<LightMyRequestResponse> {
    return this.app.inject({ method, url, headers: adminHeaders({}), ...(payload ? { payload } : {}) });
  }

  /** A buyer orders SKUs; answers the order number. */
  async buyerOrders(lines: { model_sku: string; quantity: number }[], extra: object = {}): Promise<string> {
    const response = await this.admin('POST', '/__admin/buyer/orders', { lines, ...extra });
    if (response.statusCode !== 201) throw new Error(`placing an order answered ${response.statusCode}: ${response.body}`);
    return response.json().order_sn;
  }

  buyer(orderSn: string, event: 'pay' | 'cancel' | 'pickup' | 'complete' | 'return'): Promise<LightMyRequestResponse> {
    return this.admin('POST', `/__admin/buyer/orders/${orderSn}/${event}`);
  }
}

const stringValues = (query: Record<string, string | number>) => Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));

export interface MarketplaceFixture {
  db: Db;
  app: FastifyInstance;
  client: MarketplaceClient;
}

/** A marketplace on `world`, its clock settable by the test, with the app already authorised. */
export async function marketplaceFixture(
  world: World,
  options: { clock?: () => Date; knobs?: Partial<Knobs>; env?: NodeJS.ProcessEnv } = {},
): Promise<MarketplaceFixture> {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  const clock = options.clock ?? (() => world.now);
  const app = buildApp({ db, clock, knobs: options.knobs, env: options.env ?? {} });
  app.addHook('onClose', async () => db.close());
  const client = new MarketplaceClient(app, clock, options.env);
  await client.authorize();
  return { db, app, client };
}
