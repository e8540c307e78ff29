/**
 * An ERP entity as it arrives: a bag of properties, read field by field. SAP sends quantities and
 * coordinates as decimal strings, leaves text empty rather than null, and wraps an expanded
 * navigation in `{ results: [...] }`.
 */

export type Entity = Record<string, unknown>;

/** Edm.Decimal as SAP sends it: "12.000", "-3.500", "10.776889". */
export function decimal(value: unknown): number {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`the ERP sent ${JSON.stringify(value)} for a decimal`);
  return Number(value);
}

/** Stock is kept in whole pieces (PC); "12.000" is 12. */
export function pieces(value: unknown): number {
  const quantity = decimal(value);
  if (!Number.isInteger(quantity)) throw new Error(`the ERP sent ${String(value)} PC, not whole pieces`);
  return quantity;
}

/** SAP leaves text fields empty rather than null; the graph says null. */
export function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** An expanded navigation arrives as `{ results: [...] }`. */
export function expanded(value: unknown): Entity[] {
  const results = (value as { results?: unknown } | undefined)?.results;
  return Array.isArray(results) ? (results as Entity[]) : [];
}
