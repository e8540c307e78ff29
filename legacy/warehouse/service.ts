import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../kit/db';
import { SERVICES } from './catalog';
import { postGoodsMovement } from './goods-movements';
import { Inventory } from './inventory';
import { Payload, payloadOf } from './odata/body';
import { CODES, errorBody, notFound, ODataError } from './odata/errors';
import { metadataXml } from './odata/metadata';
import { EntitySetDef, ServiceDef } from './odata/model';
import { Projection, projectionOf, readQueryOptions } from './odata/options';
import { parseResource, Resource } from './odata/path';
import { countRows, navigationScope, readEntity, readPage, Scope } from './odata/query';
import { entityUri, Links, represent } from './odata/serialize';
import { createReservation, deleteReservation, updateReservationItem } from './reservations';

/** Dispatches OData requests to reads (generic over the catalogue) and the few writes SAP allows. */

export const ODATA_ROOT = '/sap/opu/odata/sap';

const setsByName = new Map(SERVICES.flatMap((service) => service.entitySets.map((set) => [set.name, set])));
const setByName = (name: string): EntitySetDef => setsByName.get(name)!;

export const servicesByName = new Map(SERVICES.map((service) => [service.name, service]));

/** The decoded path inside a service, from the route's wildcard (empty for the service root). */
function innerPath(request: FastifyRequest): string {
  return (request.params as Record<string, string | undefined>)['*'] ?? '';
}

const resolved = new WeakMap<FastifyRequest, Resource | ODataError>();

/** The resource a request addresses, parsed once per request (operation naming needs it early). */
export function resourceOf(request: FastifyRequest, service: ServiceDef): Resource {
  let result = resolved.get(request);
  if (!result) {
    try {
      result = parseResource(service, innerPath(request));
    } catch (error) {
      if (!(error instanceof ODataError)) throw error;
      result = error;
    }
    resolved.set(request, result);
  }
  if (result instanceof ODataError) throw result;
  return result;
}

/** Names a call for the admin call counters: A_MatlStkInAcctMod.query, A_ReservationDocumentHeader.create, ... */
export function operationName(request: FastifyRequest, service: ServiceDef): string | null {
  let resource: Resource;
  try {
    resource = resourceOf(request, service);
  } catch {
    return null;
  }
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  switch (resource.kind) {
    case 'serviceDocument':
      return `${service.name}.serviceDocument`;
    case 'metadata':
      return `${service.name}.metadata`;
    case 'collection':
      if (method === 'GET') return `${resource.set.name}.${resource.count ? 'count' : 'query'}`;
      return `${resource.set.name}.${method === 'POST' ? 'create' : method.toLowerCase()}`;
    case 'entity': {
      const verbs: Record<string, string> = { GET: 'read', PATCH: 'update', DELETE: 'delete' };
      return `${resource.set.name}.${verbs[method] ?? method.toLowerCase()}`;
    }
    case 'navigation':
      return `${resource.set.name}.${resource.navigation.name}${resource.count ? '.count' : ''}`;
  }
}

export function sendODataError(reply: FastifyReply, error: ODataError): FastifyReply {
  return reply
    .code(error.status)
    .header('dataserviceversion', '1.0')
    .type('application/json; charset=utf-8')
    .send(errorBody(error.code, error.message));
}

function sendJson(reply: FastifyReply, status: number, d: unknown): FastifyReply {
  return reply.code(status).header('dataserviceversion', '2.0').type('application/json; charset=utf-8').send({ d });
}

/** The real Gateway answers Atom XML unless asked for JSON; this stand-in only speaks JSON. */
function requireJson(request: FastifyRequest): void {
  const format = (request.query as Record<string, unknown>).$format;
  const accept = request.headers.accept ?? '';
  const json = format === undefined ? /\bapplication\/json\b/i.test(accept) : format === 'json';
  if (!json) {
    throw new ODataError(
      406,
      CODES.jsonOnly,
      'This stand-in answers JSON only: add $format=json or the header Accept: application/json (Atom XML is not served)',
    );
  }
}

function notAllowed(method: string, target: string): ODataError {
  return new ODataError(405, CODES.notAllowed, `Method '${method}' is not allowed for resource '${target}'`);
}

export interface Caller {
  user: string;
  now: Date;
}

export class WarehouseService {
  private readonly inventory: Inventory;

  constructor(private readonly db: Db) {
    this.inventory = new Inventory(db);
  }

  /** Deep inserts the API allows, each answering the key of what it created. */
  private readonly creates: Record<string, (body: Payload, caller: Caller) => Record<string, string>> = {
    A_ReservationDocumentHeader: (body, caller) => ({ Reservation: createReservation(this.inventory, body, caller.now) }),
    A_MaterialDocumentHeader: (body, caller) => postGoodsMovement(this.inventory, body, caller),
  };

  private readonly updates: Record<string, (key: Record<string, string>, body: Payload) => void> = {
    A_ReservationDocumentItem: (key, body) => updateReservationItem(this.inventory, key, body),
  };

  private readonly deletes: Record<string, (key: Record<string, string>) => void> = {
    A_ReservationDocumentHeader: (key) => deleteReservation(this.inventory, key),
  };

  handle(request: FastifyRequest, reply: FastifyReply, service: ServiceDef, caller: Caller): FastifyReply {
    const resource = resourceOf(request, service);
    const links: Links = { serviceRoot: `${request.protocol}://${request.host}${ODATA_ROOT}/${service.name}`, setByName };
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    switch (resource.kind) {
      case 'serviceDocument':
        if (method !== 'GET') throw notAllowed(method, service.name);
        requireJson(request);
        return sendJson(reply, 200, { EntitySets: service.entitySets.map((set) => set.name) });
      case 'metadata':
        if (method !== 'GET') throw notAllowed(method, '$metadata');
        return reply.header('dataserviceversion', '2.0').type('application/xml').send(metadataXml(service));
      case 'collection':
        if (method === 'POST') return this.create(request, reply, resource.set, links, caller);
        if (method !== 'GET') throw notAllowed(method, resource.set.name);
        return this.collection(request, reply, resource.set, links, resource.count);
      case 'entity':
        return this.entity(request, reply, resource.set, resource.key, links, method);
      case 'navigation': {
        if (method !== 'GET') throw notAllowed(method, resource.navigation.name);
        const parent = readEntity(this.db, resource.set, resource.key);
        if (!parent) throw notFound(resource.set.entityType);
        const target = setByName(resource.navigation.target);
        return this.collection(request, reply, target, links, resource.count, navigationScope(target, resource.navigation, parent));
      }
    }
  }

  private collection(
    request: FastifyRequest,
    reply: FastifyReply,
    set: EntitySetDef,
    links: Links,
    count: boolean,
    scope?: Scope,
  ): FastifyReply {
    const options = readQueryOptions(request.query);
    if (count)
      return reply
        .header('dataserviceversion', '2.0')
        .type('text/plain; charset=utf-8')
        .send(String(countRows(this.db, set, options, scope)));
    requireJson(request);
    const projection = projectionOf(set, options, setByName);
    const page = readPage(this.db, set, options, scope);
    const d: Record<string, unknown> = {};
    if (page.count !== null) d.__count = String(page.count);
    d.results = represent(this.db, links, set, page.rows, projection);
    if (page.nextSkiptoken !== null) d.__next = nextLink(request, page.nextSkiptoken);
    return sendJson(reply, 200, d);
  }

  private entity(
    request: FastifyRequest,
    reply: FastifyReply,
    set: EntitySetDef,
    key: Record<string, string>,
    links: Links,
    method: string,
  ): FastifyReply {
    if (method === 'GET') {
      const options = readQueryOptions(request.query);
      requireJson(request);
      return this.answerEntity(reply, 200, set, key, links, projectionOf(set, options, setByName));
    }
    const update = this.updates[set.name];
    if (method === 'PATCH' && update) {
      update(key, payloadOf(request.body));
      return reply.code(204).header('dataserviceversion', '1.0').send();
    }
    const remove = this.deletes[set.name];
    if (method === 'DELETE' && remove) {
      remove(key);
      return reply.code(204).header('dataserviceversion', '1.0').send();
    }
    throw notAllowed(method, set.name);
  }

  private create(request: FastifyRequest, reply: FastifyReply, set: EntitySetDef, links: Links, caller: Caller): FastifyReply {
    const create = this.creates[set.name];
    if (!create) throw notAllowed('POST', set.name);
    requireJson(request);
    const key = create(payloadOf(request.body), caller);
    // SAP answers a deep insert with the created entity and its items inline.
    const projection = projectionOf(set, { select: null, expand: set.navigations.map((n) => n.name).join(',') || null }, setByName);
    return this.answerEntity(reply, 201, set, key, links, projection);
  }

  private answerEntity(
    reply: FastifyReply,
    status: number,
    set: EntitySetDef,
    key: Record<string, string>,
    links: Links,
    projection: Projection,
  ): FastifyReply {
    const row = readEntity(this.db, set, key);
    if (!row) throw notFound(set.entityType);
    if (status === 201) reply.header('location', entityUri(links, set, row));
    return sendJson(reply, status, represent(this.db, links, set, [row], projection)[0]);
  }
}

/** The full URL of the next server page: the same query with $skiptoken set. */
function nextLink(request: FastifyRequest, skiptoken: number): string {
  const query = Object.entries(request.query as Record<string, string | string[]>)
    .filter(([name]) => name !== '$skiptoken')
    .flatMap(([name, value]) => [value].flat().map((v) => `${name}=${encodeURIComponent(v)}`));
  query.push(`$skiptoken=${skiptoken}`);
  return `${request.protocol}://${request.host}${request.url.split('?')[0]}?${query.join('&')}`;
}
