import { invalidType, requiredField } from './errors';

/** A decoded JSON object from a request body. */
export type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Magento's input processor takes both `quote_id` and `quoteId`; names here are given snake_case. */
export function field(source: unknown, name: string): unknown {
  if (!isObject(source)) return undefined;
  return source[name] ?? source[camelCase(name)];
}

export function requiredObject(source: unknown, name: string): Json {
  const value = field(source, name);
  if (value === undefined || value === null) throw requiredField(name);
  if (!isObject(value)) throw invalidType(name, JSON.stringify(value), 'object');
  return value;
}

export function optionalObject(source: unknown, name: string): Json | undefined {
  const value = field(source, name);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidType(name, JSON.stringify(value), 'object');
  return value;
}

export function optionalArray(source: unknown, name: string): unknown[] | undefined {
  const value = field(source, name);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidType(name, JSON.stringify(value), 'array');
  return value;
}

export function optionalString(source: unknown, name: string): string | undefined {
  const value = field(source, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw invalidType(name, JSON.stringify(value), 'string');
}

export function requiredString(source: unknown, name: string): string {
  const value = optionalString(source, name);
  if (value === undefined || value.trim() === '') throw requiredField(name);
  return value;
}

/** Numbers may come as JSON numbers or numeric strings: PHP casts them either way. */
export function optionalNumber(source: unknown, name: string): number | undefined {
  const value = field(source, name);
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw invalidType(name, typeof value === 'string' ? value : JSON.stringify(value), 'float');
  return number;
}

export function requiredNumber(source: unknown, name: string): number {
  const value = optionalNumber(source, name);
  if (value === undefined) throw requiredField(name);
  return value;
}

function optionalInt(source: unknown, name: string): number | undefined {
  const value = optionalNumber(source, name);
  if (value !== undefined && !Number.isInteger(value)) throw invalidType(name, value, 'int');
  return value;
}

export function requiredInt(source: unknown, name: string): number {
  const value = optionalInt(source, name);
  if (value === undefined) throw requiredField(name);
  return value;
}

/** An integer id from the URL path, e.g. `/V1/orders/:id`. */
export function pathInt(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw invalidType(name, value, 'int');
  return Number(value);
}
