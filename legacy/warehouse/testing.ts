import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Db, openDatabase } from '../kit/db';
import type { Knobs } from '../kit/knobs';
import type { World } from '../seed/model';
import { buildApp } from './app';
import { ODATA_ROOT } from './service';
import { createSchema, loadWorld } from './store';

/** Test fixture: a loaded in-memory warehouse and a client that speaks to it as an integrator would. */

export const DEV_AUTH = `Basic ${Buffer.from('OMNIGRAPH_API:warehouse-dev-password').toString('base64')}`;

/** `?$filter=...&$top=...` with values encoded as a client would send them. */
export function query(options: Record<string, string | number>): string {
  return `?${Object.entries(options)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&')}`;
}

export class WarehouseClient {
  private session: { token: string; cookie: string } | null = null;

  constructor(readonly app: FastifyInstance) {}

  /** GET a service path (after /sap/opu/odata/sap) as JSON with the technical user. */
  get(path: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({ url: `${ODATA_ROOT}/${path}`, headers: { authorization: DEV_AUTH, accept: 'application/json', ...headers } });
  }

  /** The `d` of a JSON answer, failing loudly when the call did not succeed. */
  async d<T = Record<string, unknown>>(path: string): Promise<T> {
    const response = await this.get(path);
    if (response.statusCode !== 200) throw new Error(`GET ${path} answered ${response.statusCode}: ${response.body}`);
    return response.json().d as T;
  }

  /** All rows of a collection, following __next. */
  async all<T = Record<string, unknown>>(path: string): Promise<T[]> {
    const rows: T[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const d: { results: T[]; __next?: string } = await this.d(next);
      rows.push(...d.results);
      next = d.__next?.slice(d.__next.indexOf(ODATA_ROOT) + ODATA_ROOT.length + 1);
    }
    return rows;
  }

  /** Token and session cookie, fetched once as a client would. */
  async csrf(): Promise<{ token: string; cookie: string }> {
    if (!this.session) {
      const response = await this.get('API_PLANT_SRV/', { 'x-csrf-token': 'fetch' });
      this.session = { token: String(response.headers['x-csrf-token']), cookie: String(response.headers['set-cookie']).split(';')[0] };
    }
    return this.session;
  }

  async write(method: 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown): Promise<LightMyRequestResponse> {
    const { token, cookie } = await this.csrf();
    return this.app.inject({
      method,
      url: `${ODATA_ROOT}/${path}`,
      headers: { authorization: DEV_AUTH, accept: 'application/json', 'x-csrf-token': token, cookie },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
}

export interface WarehouseFixture {
  db: Db;
  app: FastifyInstance;
  client: WarehouseClient;
}

export function warehouseFixture(
  world: World,
  options: { clock?: () => Date; knobs?: Partial<Knobs>; env?: NodeJS.ProcessEnv } = {},
): WarehouseFixture {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  const app = buildApp({ db, clock: options.clock ?? (() => world.now), knobs: options.knobs, env: options.env ?? {} });
  return { db, app, client: new WarehouseClient(app) };
}
