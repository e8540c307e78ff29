import { badRequest, CODES, ODataError } from './errors';
import { EntitySetDef, propertyOf } from './model';
import { parseString } from './values';

/**
 * Request bodies that failed to parse are kept as markers, not thrown at parse time, so that the
 * call still goes through the kit's counting and faults and through auth, as the real server checks
 * the logon before it reads the payload.
 */
export class MalformedBody {}
export class UnsupportedBody {
  constructor(readonly contentType: string) {}
}

export type Payload = Record<string, unknown>;

/** The JSON object of a POST/PATCH, or the error SAP answers for what it cannot read. */
export function payloadOf(body: unknown): Payload {
  if (body instanceof UnsupportedBody) {
    throw new ODataError(415, CODES.jsonOnly, `Content type '${body.contentType}' is not supported: this stand-in reads JSON bodies only`);
  }
  if (body instanceof MalformedBody || body === undefined) throw badRequest('Malformed syntax in JSON body');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  return body as Payload;
}

/**
 * The properties of an entity the client may write. Other properties of the type are read-only and
 * dropped (as the Gateway ignores them); names the type does not have are refused.
 */
export function writableFields(set: EntitySetDef, payload: Payload, writable: string[], navigation?: string): Payload {
  const fields: Payload = {};
  for (const [name, value] of Object.entries(payload)) {
    if (name === '__metadata' || name === navigation) continue;
    if (!propertyOf(set, name)) throw badRequest(`Property '${name}' is invalid for type '${set.entityType}'`);
    if (writable.includes(name)) fields[name] = value;
  }
  return fields;
}

/** V2 clients send the items of a deep insert either as an array or as {"results": [...]}. */
function listOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  const results = typeof value === 'object' && value !== null ? (value as Payload).results : undefined;
  return Array.isArray(results) ? results : null;
}

export function deepItems(payload: Payload, navigation: string): Payload[] {
  const list = listOf(payload[navigation]);
  if (list === null || list.length === 0)
    throw new ODataError(400, CODES.requiredFields, `Fill in all required entry fields: ${navigation} needs at least one item`);
  return list.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(`Items of ${navigation} must be JSON objects`);
    return item as Payload;
  });
}

/** SAP's answer to a missing mandatory field. */
export function requireFields(payload: Payload, names: string[]): void {
  const missing = names.filter((name) => payload[name] === undefined || payload[name] === null || payload[name] === '');
  if (missing.length > 0) throw new ODataError(400, CODES.requiredFields, `Fill in all required entry fields (${missing.join(', ')})`);
}

/** A string field of a payload, checked against its property, or the fallback when absent. */
export function textField(set: EntitySetDef, name: string, value: unknown, fallback: string): string {
  return value === undefined ? fallback : parseString(propertyOf(set, name)!, value);
}
