import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';
import { badRequest } from './errors';

/** A parsed element: child elements by name, attributes as `@_Name`, text beside attributes as `#text`. */
export interface XmlElement {
  [name: string]: XmlValue;
}
export type XmlValue = string | XmlElement | XmlValue[];

/** Elements that may repeat in a posted POSLog; always parsed as arrays so one and many read alike. */
const REPEATED = new Set(['Transaction', 'LineItem', 'Total', 'RetailPriceModifier']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep text as text: SKUs, GTINs and phones have meaningful leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Tills send both default-namespace and prefixed (poslog:POSLog) documents.
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATED.has(name),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ' });

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Parses a posted document; malformed XML is the caller's fault (400), never a crash. */
export function parseXml(text: string): XmlElement {
  if (text.trim() === '') throw badRequest('MalformedXml', 'The request body is empty; a POSLog document is expected');
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    throw badRequest('MalformedXml', `The request body is not well-formed XML: ${verdict.err.msg} (line ${verdict.err.line})`);
  }
  return parser.parse(text) as XmlElement;
}

function toXml(document: object): string {
  return DECLARATION + builder.build(document);
}

export function sendXml(reply: FastifyReply, status: number, document: object): FastifyReply {
  return reply.code(status).type('application/xml; charset=utf-8').send(toXml(document));
}

export function errorDocument(code: string, message: string): object {
  return { Error: { Code: code, Message: message } };
}

function isElement(value: XmlValue | undefined): value is XmlElement {
  return typeof value === 'object' && !Array.isArray(value);
}

/** Text-only elements parse as strings; seen as elements they carry their text as `#text`. */
function asElement(value: XmlValue): XmlElement | undefined {
  if (typeof value === 'string') return value === '' ? {} : { '#text': value };
  return isElement(value) ? value : undefined;
}

/** A child element, or undefined when absent. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  const value = parent[name];
  return value === undefined ? undefined : asElement(Array.isArray(value) ? value[0] : value);
}

/** All children of a repeated element name, in document order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(asElement).filter((element): element is XmlElement => element !== undefined);
}

/** An element's own text; undefined when it has none. */
export function textOf(element: XmlElement | undefined): string | undefined {
  const text = element?.['#text'];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/** A child's text, whether or not it carries attributes; undefined when absent or empty. */
export function childText(parent: XmlElement, name: string): string | undefined {
  return textOf(childElement(parent, name));
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}
