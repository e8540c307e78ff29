/** How an entity set is laid out: its OData properties over a whitelisted SQL source. */

export type EdmType = 'Edm.String' | 'Edm.Decimal' | 'Edm.DateTime' | 'Edm.Boolean' | 'Edm.Time';

export interface PropertyDef {
  name: string;
  type: EdmType;
  /** SQL expression over the set's FROM clause. Fixed text from the catalogue, never client input. */
  sql: string;
  maxLength?: number;
  /** Digits after the point of an Edm.Decimal. */
  scale?: number;
  /** A numeric-character (NUMC) field of this length: SAP pads it with zeros, inputs included. */
  numc?: number;
  /** The same value in every row (a field this retailer never fills): nothing to sort by. */
  constant?: boolean;
}

export interface NavigationDef {
  name: string;
  /** Entity set the navigation leads to (same service). */
  target: string;
  /** Pairs of [parent property, child property] that join the two. */
  on: [string, string][];
}

export interface EntitySetDef {
  service: string;
  name: string;
  /** Entity type name as in $metadata and __metadata.type, without the namespace. */
  entityType: string;
  /** FROM clause with a table alias the property expressions use. */
  from: string;
  keys: string[];
  properties: PropertyDef[];
  navigations: NavigationDef[];
}

export interface ServiceDef {
  name: string;
  entitySets: EntitySetDef[];
}

export function propertyOf(set: EntitySetDef, name: string): PropertyDef | undefined {
  return set.properties.find((p) => p.name === name);
}

export function navigationOf(set: EntitySetDef, name: string): NavigationDef | undefined {
  return set.navigations.find((n) => n.name === name);
}

/** SAP pads NUMC values with leading zeros; a client that sends "1000000" means "0001000000". */
export function padNumc(property: PropertyDef, value: string): string {
  return property.numc !== undefined && /^\d+$/.test(value) && value.length < property.numc ? value.padStart(property.numc, '0') : value;
}
