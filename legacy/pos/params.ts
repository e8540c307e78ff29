import { badRequest } from './errors';
import { isBusinessDay } from './time';

/** Query strings as Fastify parses them: a repeated name gives an array. */
export type Query = Record<string, string | string[] | undefined>;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

function invalidParameter(message: string) {
  return badRequest('InvalidParameter', message);
}

/** Every value of a repeatable parameter; blank values are refused rather than matched against nothing. */
export function queryValues(query: Query, name: string): string[] {
  const raw = query[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.some((value) => value.trim() === '')) throw invalidParameter(`${name} must not be empty`);
  return values.map((value) => value.trim());
}

function singleValue(query: Query, name: string): string | undefined {
  const values = queryValues(query, name);
  if (values.length > 1) throw invalidParameter(`${name} may be given once`);
  return values[0];
}

export function wholeNumber(text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw invalidParameter(`${name} must be a whole number, not "${text}"`);
  return Number(text);
}

export function wholeNumberParam(query: Query, name: string, fallback: number): number {
  const text = singleValue(query, name);
  return text === undefined ? fallback : wholeNumber(text, name);
}

/** Page size: default 100; like the real server, anything above 500 is quietly cut to 500. */
export function limitParam(query: Query): number {
  const limit = wholeNumberParam(query, 'limit', DEFAULT_PAGE_SIZE);
  if (limit < 1) throw invalidParameter('limit must be at least 1');
  return Math.min(limit, MAX_PAGE_SIZE);
}

export function businessDay(text: string, name: string): string {
  if (!isBusinessDay(text)) throw invalidParameter(`${name} must be a date such as 2026-11-20, not "${text}"`);
  return text;
}

export function businessDayParam(query: Query, name: string): string | undefined {
  const text = singleValue(query, name);
  return text === undefined ? undefined : businessDay(text, name);
}
