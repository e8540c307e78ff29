import type { Db } from '../../kit/db';
import { EntitySetDef, propertyOf } from './model';
import { Projection } from './options';
import { parentKey, readExpanded } from './query';
import { formatValue, Row } from './values';

/** Where the answers point to: the absolute URL of the service the request came in on. */
export interface Links {
  serviceRoot: string;
  setByName(name: string): EntitySetDef;
}

/** ('S101') for a single key, (Material='X',Plant='Y') for several, as SAP writes key predicates. */
export function keyPredicate(set: EntitySetDef, row: Row): string {
  const literal = (name: string) => `'${encodeURIComponent(String(formatValue(propertyOf(set, name)!, row[name])).replace(/'/g, "''"))}'`;
  if (set.keys.length === 1) return `(${literal(set.keys[0])})`;
  return `(${set.keys.map((name) => `${name}=${literal(name)}`).join(',')})`;
}

export function entityUri(links: Links, set: EntitySetDef, row: Row): string {
  return `${links.serviceRoot}/${set.name}${keyPredicate(set, row)}`;
}

/** Rows in their OData V2 JSON form: __metadata, properties, then navigations deferred or inline. */
export function represent(db: Db, links: Links, set: EntitySetDef, rows: Row[], projection: Projection): Record<string, unknown>[] {
  const inline = new Map(
    projection.navigations
      .filter(({ inline: child }) => child !== null)
      .map(({ navigation }) => [navigation.name, readExpanded(db, links.setByName(navigation.target), navigation, rows)]),
  );
  return rows.map((row) => {
    const uri = entityUri(links, set, row);
    const entity: Record<string, unknown> = { __metadata: { id: uri, uri, type: `${set.service}.${set.entityType}` } };
    for (const property of projection.properties) entity[property.name] = formatValue(property, row[property.name]);
    for (const { navigation, inline: child } of projection.navigations) {
      if (child === null) {
        entity[navigation.name] = { __deferred: { uri: `${uri}/${navigation.name}` } };
      } else {
        const children = inline.get(navigation.name)!.get(parentKey(navigation, row)) ?? [];
        entity[navigation.name] = { results: represent(db, links, links.setByName(navigation.target), children, child) };
      }
    }
    return entity;
  });
}
