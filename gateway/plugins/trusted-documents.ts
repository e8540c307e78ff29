import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EXPLORER_ROLES } from '../../lib/access';
import type { GatewayPlugin } from '../plugin';

export const DEFAULT_MANIFEST = resolve(__dirname, '../../operations/trusted-documents.json');

interface Manifest {
  operations: { id: string; body: string }[];
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

function refuse(reply: FastifyReply, message: string, code: string) {
  return reply.code(400).send({ errors: [{ message, extensions: { code } }] });
}

/**
 * Trusted documents: the first-party apps send the operations of operations/*.graphql by hash
 * (Apollo's persisted query protocol, `extensions.persistedQuery.sha256Hash`), from the manifest
 * `npm run trusted-documents` writes at build time. The gateway swaps in the registered text; no
 * one can register more. With OMNIGRAPH_TRUSTED_DOCUMENTS=required (production's default), an
 * operation sent as text is refused unless the caller's role may explore (back office,
 * developers); otherwise text is accepted too (development, tests).
 */
export function useTrustedDocuments(env: NodeJS.ProcessEnv): GatewayPlugin {
  const mode = env.OMNIGRAPH_TRUSTED_DOCUMENTS ?? (env.NODE_ENV === 'production' ? 'required' : 'optional');
  if (mode !== 'required' && mode !== 'optional') throw new Error('OMNIGRAPH_TRUSTED_DOCUMENTS must be required or optional');
  const manifest = JSON.parse(readFileSync(env.OMNIGRAPH_TRUSTED_DOCUMENTS_FILE ?? DEFAULT_MANIFEST, 'utf8')) as Manifest;
  const bodies = new Map(manifest.operations.map((operation) => [operation.id, operation.body]));
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
      const hash = persistedHash(extensions);
      if (hash !== undefined) {
        const body = bodies.get(hash);
        if (body === undefined) return refuse(reply, 'No registered operation has this hash.', 'PERSISTED_QUERY_NOT_FOUND');
        if (operation.query !== undefined && operation.query !== body)
          return refuse(reply, 'The query does not match its hash.', 'BAD_REQUEST');
        operation.query = body;
        const { persistedQuery: _registered, ...rest } = extensions as Record<string, unknown>;
        operation.extensions = request.method === 'GET' ? JSON.stringify(rest) : rest;
        return;
      }
      if (mode === 'optional' || operation.query === undefined) return;
      if (request.caller?.roles.some((role) => EXPLORER_ROLES.includes(role))) return;
      return refuse(reply, 'Send a registered operation by its hash (extensions.persistedQuery.sha256Hash).', 'PERSISTED_QUERY_ONLY');
    },
  };
}
