import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** A refusal in the marketplace's form: `{"error":"error_param","message":"...","request_id":"..."}`. */
export class MarketplaceError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export const paramError = (message: string) => new MarketplaceError(400, 'error_param', message);
export const notFound = (message: string) => new MarketplaceError(404, 'error_not_found', message);
export const authError = (message: string) => new MarketplaceError(403, 'error_auth', message);
/** A call the order's status does not allow, named by module as the platform does (`logistics.error_status`). */
export const statusError = (module: string, message: string) => new MarketplaceError(400, `${module}.error_status`, message);

/** A whole number from a query or body value, or undefined when absent; error_param when malformed. */
export function wholeNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw paramError(`Invalid ${name}.`);
  return n;
}

export const requestId = () => randomBytes(16).toString('hex');

export function sendError(reply: FastifyReply, error: MarketplaceError): FastifyReply {
  return reply.code(error.status).send({ error: error.error, message: error.message, request_id: requestId() });
}
