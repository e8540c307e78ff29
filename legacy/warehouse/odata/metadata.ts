import { XMLBuilder } from 'fast-xml-parser';
import { EntitySetDef, PropertyDef, ServiceDef } from './model';

/** The service's $metadata (EDMX, OData V2): always XML, as on the real Gateway. */

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });

function property(p: PropertyDef, key: boolean): Record<string, string> {
  const facets: Record<string, string> = { '@Name': p.name, '@Type': p.type };
  if (key) facets['@Nullable'] = 'false';
  if (p.maxLength !== undefined) facets['@MaxLength'] = String(p.maxLength);
  if (p.type === 'Edm.Decimal') Object.assign(facets, { '@Precision': '31', '@Scale': String(p.scale ?? 3) });
  if (p.type === 'Edm.DateTime') facets['@Precision'] = '0';
  if (p.numc !== undefined) facets['@sap:display-format'] = 'NonNegative';
  return facets;
}

const association = (set: EntitySetDef, navigation: string) => `assoc_${set.entityType}_${navigation}`;

export function metadataXml(service: ServiceDef): string {
  const byName = new Map(service.entitySets.map((s) => [s.name, s]));
  const links = service.entitySets.flatMap((set) =>
    set.navigations.map((navigation) => ({ set, navigation, target: byName.get(navigation.target)! })),
  );
  const schema = {
    '@Namespace': service.name,
    '@xml:lang': 'en',
    '@sap:schema-version': '1',
    '@xmlns': 'http://schemas.microsoft.com/ado/2008/09/edm',
    EntityType: service.entitySets.map((set) => ({
      '@Name': set.entityType,
      '@sap:content-version': '1',
      Key: { PropertyRef: set.keys.map((name) => ({ '@Name': name })) },
      Property: set.properties.map((p) => property(p, set.keys.includes(p.name))),
      NavigationProperty: set.navigations.map((navigation) => ({
        '@Name': navigation.name,
        '@Relationship': `${service.name}.${association(set, navigation.name)}`,
        '@FromRole': `FromRole_${association(set, navigation.name)}`,
        '@ToRole': `ToRole_${association(set, navigation.name)}`,
      })),
    })),
    Association: links.map(({ set, navigation, target }) => ({
      '@Name': association(set, navigation.name),
      End: [
        { '@Type': `${service.name}.${set.entityType}`, '@Multiplicity': '1', '@Role': `FromRole_${association(set, navigation.name)}` },
        { '@Type': `${service.name}.${target.entityType}`, '@Multiplicity': '*', '@Role': `ToRole_${association(set, navigation.name)}` },
      ],
    })),
    EntityContainer: {
      '@Name': `${service.name}_Entities`,
      '@m:IsDefaultEntityContainer': 'true',
      EntitySet: service.entitySets.map((set) => ({
        '@Name': set.name,
        '@EntityType': `${service.name}.${set.entityType}`,
        '@sap:content-version': '1',
      })),
      AssociationSet: links.map(({ set, navigation, target }) => ({
        '@Name': `${association(set, navigation.name)}_set`,
        '@Association': `${service.name}.${association(set, navigation.name)}`,
        End: [
          { '@EntitySet': set.name, '@Role': `FromRole_${association(set, navigation.name)}` },
          { '@EntitySet': target.name, '@Role': `ToRole_${association(set, navigation.name)}` },
        ],
      })),
    },
  };
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    'edmx:Edmx': {
      '@Version': '1.0',
      '@xmlns:edmx': 'http://schemas.microsoft.com/ado/2007/06/edmx',
      '@xmlns:m': 'http://schemas.microsoft.com/ado/2007/08/dataservices/metadata',
      '@xmlns:sap': 'http://www.sap.com/Protocols/SAPData',
      'edmx:DataServices': { '@m:DataServiceVersion': '2.0', Schema: schema },
    },
  }) as string;
}
