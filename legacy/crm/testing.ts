/** For tests: the CRM stand-in on an in-memory copy of a world, and a JSON-RPC caller over inject. */
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../kit/db';
import type { StandInOptions } from '../kit/options';
import type { World } from '../seed/model';
import { buildApp } from './app';
import { API_USER_ID } from './models';
import { createSchema, loadWorld } from './store';

export const DEV = { database: 'retail', login: 'omnigraph', apiKey: 'crm-dev-key', uid: API_USER_ID };

export interface RpcFault {
  code: number;
  message: string;
  data: { name: string; message: string; arguments: unknown[]; debug: string; context: object };
}

export interface RpcAnswer<T> {
  jsonrpc: '2.0';
  id: unknown;
  result: T;
  error?: RpcFault;
}

export function crmApp(world: World, options: Omit<StandInOptions, 'db'> = {}): FastifyInstance {
  const db = openDatabase(':memory:');
  createSchema(db);
  loadWorld(db, world);
  const app = buildApp({ env: {}, ...options, db });
  app.addHook('onClose', async () => db.close());
  return app;
}

export class CrmClient {
  constructor(readonly app: FastifyInstance) {}

  async call<T>(service: string, method: string, args: unknown[], id: unknown = 1): Promise<RpcAnswer<T>> {
    const response = await this.app.inject({
      method: 'POST',
      url: '/jsonrpc',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id }),
    });
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${response.body}`);
    return response.json<RpcAnswer<T>>();
  }

  /** execute_kw as the dev integration user. */
  execute<T>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<RpcAnswer<T>> {
    return this.call<T>('object', 'execute_kw', [DEV.database, DEV.uid, DEV.apiKey, model, method, args, ...(kwargs ? [kwargs] : [])]);
  }

  /** The result, or a thrown Error naming the Odoo exception. */
  async result<T>(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<T> {
    const answer = await this.execute<T>(model, method, args, kwargs);
    if (answer.error) throw new Error(`${answer.error.data.name}: ${answer.error.data.message}`);
    return answer.result;
  }

  /** The Odoo exception a call fails with. */
  async fault(model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>): Promise<RpcFault['data']> {
    const answer = await this.execute<unknown>(model, method, args, kwargs);
    if (!answer.error) throw new Error(`expected an error, got ${JSON.stringify(answer.result)}`);
    return answer.error.data;
  }
}
