import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXPLORER_ROLES } from '../../lib/access';
import { ANONYMOUS, Caller } from '../../lib/context';
import type { GatewayPlugin } from '../plugin';

export const DEFAULT_MANIFEST = resolve(__dirname, '../../operations/trusted-documents.json');
export const DEFAULT_PARTNER_MANIFEST = resolve(__dirname, '../../operations/partners/trusted-documents.json');

/** One registered operation, as Apollo's persisted query manifest lists it. */
export interface RegisteredOperation {
  id: string;
  name: string;
  body: string;
  /** What a partner's operation counts against its cost limit, worked out when it was registered. */
  cost?: number;
}

interface Manifest {
  operations: RegisteredOperation[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The registered operation the request sent by hash, once this plugin has swapped in its text. */
    registeredOperation?: RegisteredOperation;
  }
}

/** Which operations a caller may send by hash, and whether it may send text of its own. */
export interface TrustedDocumentsPolicy {
  operationsOf(caller: Caller): ReadonlyMap<string, RegisteredOperation>;
  acceptsText(caller: Caller): boolean;
  /** Every registered operation's name, whoever may send it (metrics label them as they are). */
  names(): string[];
}

function byHash(manifest: Manifest): ReadonlyMap<string, RegisteredOperation> {
  return new Map(manifest.operations.map((operation) => [operation.id, operation]));
}

/**
 * The first-party apps' operations (operations/*.graphql), the same for every caller. With
 * OMNIGRAPH_TRUSTED_DOCUMENTS=required (production's default), text only from the roles that may
 * explore (back office, developers); otherwise from anyone (development, tests).
 */
export function firstPartyOperations(env: NodeJS.ProcessEnv): TrustedDocumentsPolicy {
  const mode = env.OMNIGRAPH_TRUSTED_DOCUMENTS ?? (env.NODE_ENV === 'production' ? 'required' : 'optional');
  if (mode !== 'required' && mode !== 'optional') throw new Error('OMNIGRAPH_TRUSTED_DOCUMENTS must be required or optional');
  const operations = byHash(JSON.parse(readFileSync(env.OMNIGRAPH_TRUSTED_DOCUMENTS_FILE ?? DEFAULT_MANIFEST, 'utf8')) as Manifest);
  return {
    operationsOf: () => operations,
    acceptsText: (caller) => mode === 'optional' || caller.roles.some((role) => EXPLORER_ROLES.includes(role)),
    names: () => [...operations.values()].map((operation) => operation.name),
  };
}

/**
 * Each partner's own operations (operations/partners/<client id>/), by the client id of the app
 * that signed in: one partner cannot run another's, nor the first-party apps'. Never text, in any
 * environment: a partner builds against the operations it registered.
 */
export function partnerOperations(manifestFile: string): TrustedDocumentsPolicy {
  const manifests = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, Manifest>;
  const operations = new Map(Object.entries(manifests).map(([clientId, manifest]) => [clientId, byHash(manifest)]));
  const none: ReadonlyMap<string, RegisteredOperation> = new Map();
  return {
    operationsOf: (caller) => (caller.clientId === null ? none : (operations.get(caller.clientId) ?? none)),
    acceptsText: () => false,
    names: () => [...operations.values()].flatMap((own) => [...own.values()].map((operation) => operation.name)),
  };
}

/** The GraphQL request's fields this plugin reads: from a POST's JSON body or a GET's query string. */
interface OperationRequest {
  query?: unknown;
  extensions?: unknown;
}

function persistedHash(extensions: unknown): string | undefined {
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/** A GET's URL with the registered text as its query and the extensions without the hash. */
function withOperation(url: string, query: string, extensions: Record<string, unknown>): string {
  const parsed = new URL(url, 'http://gateway');
  parsed.searchParams.set('query', query);
  parsed.searchParams.set('extensions', JSON.stringify(extensions));
  return `${parsed.pathname}${parsed.search}`;
}

/** What a refused operation answers: its code and message. */
export interface OperationRefusal {
  code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_ONLY' | 'BAD_REQUEST';
  message: string;
}

/**
 * The text of an operation sent outside the HTTP route (a subscription over WebSocket), by the
 * same policy: the registered text for its hash, or its own text when the caller may send text.
 */
export function trustedOperationText(
  policy: TrustedDocumentsPolicy,
  caller: Caller,
  operation: { query?: unknown; extensions?: unknown },
): { query: string } | OperationRefusal {
  const hash = persistedHash(operation.extensions);
  if (hash !== undefined) {
    const registered = policy.operationsOf(caller).get(hash);
    if (registered === undefined) return { code: 'PERSISTED_QUERY_NOT_FOUND', message: 'No registered operation has this hash.' };
    if (operation.query !== undefined && operation.query !== '' && operation.query !== registered.body)
      return { code: 'BAD_REQUEST', message: 'The query does not match its hash.' };
    return { query: registered.body };
  }
  if (typeof operation.query !== 'string' || operation.query === '') return { code: 'BAD_REQUEST', message: 'Send an operation.' };
  if (!policy.acceptsText(caller))
    return { code: 'PERSISTED_QUERY_ONLY', message: 'Send a registered operation by its hash (extensions.persistedQuery.sha256Hash).' };
  return { query: operation.query };
}

function refuse(reply: FastifyReply, message: string, code: string) {
  return reply.code(400).send({ errors: [{ message, extensions: { code } }] });
}

/**
 * Trusted documents: apps send registered operations by hash (Apollo's persisted query protocol,
 * `extensions.persistedQuery.sha256Hash`), from manifests `npm run trusted-documents` writes at
 * build time. The gateway swaps in the registered text; no one can register more. Which
 * operations a caller may send, and whether text too, is the policy's: the first-party apps' by
 * default, each partner's own on the partner endpoint. An unknown hash answers
 * PERSISTED_QUERY_NOT_FOUND, text from a caller that must send hashes PERSISTED_QUERY_ONLY (both 400).
 */
export function useTrustedDocuments(env: NodeJS.ProcessEnv, policy: TrustedDocumentsPolicy = firstPartyOperations(env)): GatewayPlugin {
  return {
    name: 'trusted-documents',
    apollo: { persistedQueries: false },
    preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
      const operation = (request.method === 'GET' ? request.query : request.body) as OperationRequest | undefined;
      if (!operation || typeof operation !== 'object') return;
      let extensions = operation.extensions;
      if (typeof extensions === 'string') {
        try {
          extensions = JSON.parse(extensions) as unknown;
        } catch {
          return refuse(reply, 'extensions must be a JSON object.', 'BAD_REQUEST');
        }
      }
      const caller = request.caller ?? ANONYMOUS;
      const hash = persistedHash(extensions);
      if (hash !== undefined) {
        const registered = policy.operationsOf(caller).get(hash);
        if (registered === undefined) return refuse(reply, 'No registered operation has this hash.', 'PERSISTED_QUERY_NOT_FOUND');
        if (operation.query !== undefined && operation.query !== registered.body)
          return refuse(reply, 'The query does not match its hash.', 'BAD_REQUEST');
        request.registeredOperation = registered;
        const { persistedQuery: _registered, ...rest } = extensions as Record<string, unknown>;
        operation.query = registered.body;
        operation.extensions = request.method === 'GET' ? JSON.stringify(rest) : rest;
        // Apollo reads a GET's operation from the URL itself, not from Fastify's parsed query string.
        if (request.method === 'GET') request.raw.url = withOperation(request.raw.url ?? '/', registered.body, rest);
        return;
      }
      if (operation.query === undefined || policy.acceptsText(caller)) return;
      return refuse(reply, 'Send a registered operation by its hash (extensions.persistedQuery.sha256Hash).', 'PERSISTED_QUERY_ONLY');
    },
  };
}
