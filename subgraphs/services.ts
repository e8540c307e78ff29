import type { FastifyInstance } from 'fastify';
import type { RequestContext } from '../lib/context';
import { serveSubgraph, SubgraphService } from '../lib/subgraph';
import { createService as commerce } from './commerce/index';
import { createService as crm } from './crm/index';
import { createService as ecommerce } from './ecommerce/index';
import { createService as identity } from './identity/index';
import { createService as inventory } from './inventory/index';
import { createService as orders } from './orders/index';
import { createService as pos } from './pos/index';
import { createService as warehouse } from './warehouse/index';
import { createService as marketplace } from './marketplace/index';
import { createService as kpis } from './kpis/index';

/** Builds a subgraph's server from the environment that points it at the legacy systems. */
export type ServiceFactory = (env: NodeJS.ProcessEnv) => Promise<FastifyInstance>;

function served<TContext extends RequestContext>(create: (env: NodeJS.ProcessEnv) => SubgraphService<TContext>): ServiceFactory {
  return (env) => serveSubgraph(create, { env });
}

/** Every subgraph of the supergraph: what `npm start` and the end-to-end tests run. */
export const SUBGRAPH_SERVICES = {
  identity: served(identity),
  crm: served(crm),
  ecommerce: served(ecommerce),
  pos: served(pos),
  warehouse: served(warehouse),
  orders: served(orders),
  inventory: served(inventory),
  commerce: served(commerce),
  marketplace: served(marketplace),
  kpis: served(kpis),
};

export type SubgraphName = keyof typeof SUBGRAPH_SERVICES;
