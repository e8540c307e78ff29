import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kind, parse, print } from 'graphql';

/** Where the typed operations frontends send live. */
const OPERATIONS_DIR = resolve(__dirname, '../../operations');

/** A client gives up on an answer after this long; the row counts it as a failure. */
const REQUEST_TIMEOUT_MS = 30_000;

const operationTexts = new Map<string, string>();

/** The text of one named operation of `operations/<file>`, so the bench sends exactly what frontends send. */
export function operationText(file: string, name: string): string {
  const cacheKey = `${file}#${name}`;
  const known = operationTexts.get(cacheKey);
  if (known !== undefined) return known;
  const document = parse(readFileSync(resolve(OPERATIONS_DIR, file), 'utf8'));
  const operation = document.definitions.find(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
  );
  if (!operation) throw new Error(`operations/${file} has no operation ${name}`);
  operationTexts.set(cacheKey, print(operation));
  return operationTexts.get(cacheKey)!;
}

export interface Answer {
  status: number;
  data?: unknown;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

const hashes = new Map<string, string>();

/** The SHA-256 a registered operation is sent by (operations/trusted-documents.json holds the same). */
export function persistedQueryHash(query: string): string {
  let hash = hashes.get(query);
  if (hash === undefined) {
    hash = createHash('sha256').update(query).digest('hex');
    hashes.set(query, hash);
  }
  return hash;
}

/**
 * POSTs an operation to the gateway as a first-party frontend does in production: by the hash of
 * its registered text (trusted documents), reading the whole answer.
 */
export async function postOperation(gatewayUrl: string, query: string, variables: object, token: string): Promise<Answer> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: persistedQueryHash(query) } } }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Omit<Answer, 'status'>) };
  } catch {
    return { status: response.status, errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
}

/** What is wrong with an answer at the protocol level (HTTP status, GraphQL errors); null when nothing is. */
export function protocolFailure(answer: Answer): string | null {
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  const [first] = answer.errors ?? [];
  if (first) return `${String(first.extensions?.code ?? 'ERROR')}: ${first.message}`;
  return null;
}
