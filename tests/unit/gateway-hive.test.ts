import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kind, ObjectTypeDefinitionNode, parse, print } from 'graphql';
import { forHiveGateway } from '../../gateway/hive/config';

const SUPERGRAPH = readFileSync(resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8');

const objectTypes = (sdl: string) =>
  new Map(
    parse(sdl)
      .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .map((type) => [type.name.value, print(type)]),
  );

describe('the supergraph as Hive Gateway loads it', () => {
  it('keys only the value types that @requires fields of several subgraphs return, by their id, and changes nothing else', () => {
    const composed = objectTypes(SUPERGRAPH);
    const adapted = objectTypes(forHiveGateway(SUPERGRAPH));
    const changed = [...composed.keys()].filter((name) => composed.get(name) !== adapted.get(name));
    expect(changed).toEqual(['OrderIndexEntry']);
    expect(adapted.get('OrderIndexEntry')).toContain('@join__type(graph: POS, key: "orderId")');
    expect(adapted.get('OrderIndexEntry')!.match(/key: "orderId"/g)).toHaveLength(4);
    // Enums, scalars, directives, the authorization rules: all as composed.
    const others = (sdl: string) =>
      parse(sdl)
        .definitions.filter((d) => d.kind !== Kind.OBJECT_TYPE_DEFINITION)
        .map((d) => print(d));
    expect(others(forHiveGateway(SUPERGRAPH))).toEqual(others(SUPERGRAPH));
  });

  it('leaves a supergraph without such a type as it is', () => {
    const sdl = 'type Query { order(id: ID!): Order }\ntype Order { id: ID! }\n';
    expect(forHiveGateway(sdl)).toBe(sdl);
  });
});
