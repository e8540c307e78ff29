import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * POSLog as XML: the parser and builder set up for the head office's documents, and the helpers that
 * read one element at a time. What the elements mean is `mapping.ts`'s and `posting.ts`'s business.
 */

/** The POS answered something that is not the POSLog it documents. */
export class PosAnswerError extends Error {}

/** A parsed element: children by name, attributes as `@_Name`, text beside attributes as `#text`. */
export interface XmlElement {
  [name: string]: XmlValue | undefined;
}
type XmlValue = string | XmlElement | XmlValue[];

/** Elements that may appear once or many times; parsed as arrays always so one and many read alike. */
const REPEATED = new Set(['Transaction', 'LineItem', 'Store', 'Day', 'StockCount', 'RetailPriceModifier', 'Total']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Text stays text: card codes, GTINs and phones have meaningful leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (name) => REPEATED.has(name),
});

/** The builder escapes text and attribute values (&, <, >, quotes), so SKUs, names and phones go in as they are. */
export const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

function asElement(value: XmlValue | undefined): XmlElement | undefined {
  if (typeof value === 'string') return value === '' ? {} : { '#text': value };
  return value === undefined || Array.isArray(value) ? undefined : value;
}

export function child(parent: XmlElement, name: string): XmlElement | undefined {
  const value = parent[name];
  return asElement(Array.isArray(value) ? value[0] : value);
}

export function children(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(asElement).filter((element): element is XmlElement => element !== undefined);
}

export function ownText(element: XmlElement | undefined): string | undefined {
  const text = element?.['#text'];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

export function text(parent: XmlElement, name: string): string | undefined {
  return ownText(child(parent, name));
}

export function requiredText(parent: XmlElement, name: string): string {
  const value = text(parent, name);
  if (value === undefined) throw new PosAnswerError(`${name} is missing`);
  return value;
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function wholeNumber(text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new PosAnswerError(`${name} is not a whole number: "${text}"`);
  return Number(text);
}

/** Item quantities are whole units, though some tills print them as "2.0". */
export function quantityOf(text: string): number {
  if (!/^\d{1,9}(\.0+)?$/.test(text)) throw new PosAnswerError(`Quantity is not a whole number: "${text}"`);
  return Number.parseInt(text, 10);
}

/** The document element of an answer, e.g. POSLog or Stores. */
export function documentOf(xml: string, root: string): XmlElement {
  const parsed: unknown = parser.parse(xml);
  const element = typeof parsed === 'object' && parsed !== null ? child(parsed as XmlElement, root) : undefined;
  if (!element) throw new PosAnswerError(`the answer is not a ${root} document`);
  return element;
}
