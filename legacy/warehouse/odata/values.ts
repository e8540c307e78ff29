import { badRequest } from './errors';
import { PropertyDef } from './model';

/**
 * The ERP runs on Vietnam time (UTC+7, no daylight saving). SAP dates (DATS) carry no zone:
 * OData V2 sends them as midnight UTC of the calendar day, times (TIMS) as local PTxxHxxMxxS.
 */
export const SYSTEM_UTC_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

export type Row = Record<string, unknown>;

/** The SAP calendar day (system time) of an instant, as OData stores it: midnight UTC of that day. */
export function calendarDay(instant: Date): number {
  const local = instant.getTime() + SYSTEM_UTC_OFFSET_MS;
  return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

export function edmDateTime(ms: number): string {
  return `/Date(${ms})/`;
}

/** Seconds after local midnight → Edm.Time as SAP writes it: PT08H15M00S. */
export function edmTime(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `PT${two(Math.floor(seconds / 3600))}H${two(Math.floor((seconds % 3600) / 60))}M${two(seconds % 60)}S`;
}

/** A stored value in its OData V2 JSON form: decimals as strings, dates as /Date(ms)/. */
export function formatValue(property: PropertyDef, raw: unknown): unknown {
  switch (property.type) {
    case 'Edm.String':
      return raw === null || raw === undefined ? '' : String(raw);
    case 'Edm.Decimal':
      return Number(raw).toFixed(property.scale ?? 3);
    case 'Edm.DateTime':
      return raw === null || raw === undefined ? null : edmDateTime(Number(raw));
    case 'Edm.Boolean':
      return raw === 1 || raw === true;
    case 'Edm.Time':
      return edmTime(Number(raw));
  }
}

const invalidValue = (name: string, value: unknown) => badRequest(`Property '${name}' has invalid value '${String(value)}'`);

/** Edm.DateTime from a request body: "/Date(ms)/" (optionally with an offset) or "2026-11-20T00:00:00". */
export function parseDateTime(name: string, value: unknown): number {
  if (typeof value !== 'string') throw invalidValue(name, value);
  const wrapped = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  const ms = wrapped
    ? Number(wrapped[1])
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/.test(value)
      ? Date.parse(`${value}Z`)
      : NaN;
  if (Number.isNaN(ms)) throw invalidValue(name, value);
  return ms;
}

/** A date-only field keeps the calendar day of the value it is given, as SAP truncates DATS. */
export function parseDate(name: string, value: unknown): number {
  const ms = parseDateTime(name, value);
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Edm.Decimal from a body: SAP sends "2.000"; a JSON number is accepted too. */
export function parseDecimal(name: string, value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text.trim())) throw invalidValue(name, value);
  return Number(text);
}

export function parseBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidValue(name, value);
  return value;
}

/** Edm.String from a body, checked against the field's length as the Gateway does. */
export function parseString(property: PropertyDef, value: unknown): string {
  if (typeof value !== 'string') throw invalidValue(property.name, value);
  if (property.maxLength !== undefined && value.length > property.maxLength) throw invalidValue(property.name, value);
  return value;
}
