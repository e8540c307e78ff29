import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Headers the gateway sets on every subgraph request. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const CALLER_HEADER = 'x-omnigraph-caller';
export const SIGNATURE_HEADER = 'x-omnigraph-signature';

/** How old a signature may be; bounds replay of a captured request. */
export const SIGNATURE_MAX_AGE_MS = 60_000;

export interface SignedParts {
  requestId: string;
  /** The caller header as sent (base64url JSON), or '' for none. */
  caller: string;
  /** The exact request body. */
  body: string;
}

function mac(secret: string, timestamp: number, parts: SignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return createHmac('sha256', secret).update(`${timestamp}\n${parts.requestId}\n${parts.caller}\n${bodyHash}`).digest('hex');
}

/**
 * HMAC-SHA256 over time, request id, caller and body: a subgraph can tell that the gateway sent
 * exactly this request, recently. node:crypto, not a JWT library: it runs on every subgraph fetch
 * and costs microseconds.
 */
export function signRequest(secret: string, parts: SignedParts, now: number = Date.now()): string {
  return `t=${now},v1=${mac(secret, now, parts)}`;
}

/** The headers of a signed subgraph call: the signature, and the request id and caller when there are any. */
export function signedHeaders(secret: string, parts: SignedParts): Record<string, string> {
  const headers: Record<string, string> = { [SIGNATURE_HEADER]: signRequest(secret, parts) };
  if (parts.requestId) headers[REQUEST_ID_HEADER] = parts.requestId;
  if (parts.caller) headers[CALLER_HEADER] = parts.caller;
  return headers;
}

export function verifyRequest(secret: string, header: string | undefined, parts: SignedParts, now: number = Date.now()): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(now - timestamp) > SIGNATURE_MAX_AGE_MS) return false;
  const expected = Buffer.from(mac(secret, timestamp, parts), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

/** The secret shared by the gateway and its subgraphs; a fixed one only outside production. */
export function gatewaySecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.OMNIGRAPH_GATEWAY_SECRET;
  if (secret) return secret;
  if (env.NODE_ENV === 'production') throw new Error('OMNIGRAPH_GATEWAY_SECRET must be set in production');
  return 'omnigraph-development-secret';
}
