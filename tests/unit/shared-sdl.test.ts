import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { DefinitionNode, DocumentNode, Kind, parse, print, Source, visit } from 'graphql';
import { SUBGRAPHS } from '../../lib/subgraph-locations';
import { GENERATED_SDL, SHARED_SDL, subgraphSchemaFiles, subgraphTypeDefs } from '../../lib/subgraph';
import { compose } from '../../scripts/compose';

/**
 * Types several subgraphs must declare identically are written once, under schema/shared/, and each
 * subgraph loads the shared files SHARED_SDL (lib/subgraph.ts) names for it. These tests keep the
 * copies from coming back and keep every reader of a subgraph's schema on the same files.
 */
const ROOT = resolve(__dirname, '../..');
const SHARED_DIR = 'schema/shared';

/**
 * Declarations in a subgraph's own schema that share a name with a shared type on purpose, because
 * they are not the same declaration.
 */
const OWN_DECLARATIONS_OF_SHARED_NAMES: Record<string, string[]> = {
  // orders answers Order references only and leaves the fields to the channels: `interface Order { id: ID! }`.
  orders: ['Order'],
};

/**
 * Shared types a subgraph declared without using them before the SDL was shared, kept so the
 * supergraph stays as it was: dropping one takes the subgraph off the type's join__type list. None
 * is needed; each can go, with a recomposed supergraph. Add nothing here.
 */
const DECLARED_UNUSED: Record<string, string[]> = {
  identity: ['DateTime'],
  pos: ['PageInfo'],
  warehouse: ['DateTime'],
  commerce: ['DateTime'],
};

function parseFile(file: string): DocumentNode {
  return parse(new Source(readFileSync(resolve(ROOT, file), 'utf8'), file));
}

function definedName(definition: DefinitionNode): string | undefined {
  return 'name' in definition && definition.name ? definition.name.value : undefined;
}

function definedNames(document: DocumentNode): string[] {
  return document.definitions.map(definedName).filter((name): name is string => name !== undefined);
}

/** The named types a document refers to (field, argument and input types, implemented interfaces, union members) and the directives it applies. */
function referencedNames(document: DocumentNode | DefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(document, { NamedType: (node) => void names.add(node.name.value), Directive: (node) => void names.add(node.name.value) });
  return names;
}

const sharedFiles = readdirSync(resolve(ROOT, SHARED_DIR))
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => file.replace(/\.graphql$/, ''))
  .sort();
const sharedDocuments = new Map(sharedFiles.map((file) => [file, parseFile(`${SHARED_DIR}/${file}.graphql`)]));
const sharedNames = new Map<string, string>();
for (const [file, document] of sharedDocuments) for (const name of definedNames(document)) sharedNames.set(name, file);
const subgraphNames = SUBGRAPHS.map((location) => location.name);
const ownDocuments = new Map(subgraphNames.map((subgraph) => [subgraph, parseFile(`subgraphs/${subgraph}/schema.graphql`)]));
/** What a subgraph declares itself: its own schema and what compose writes for it from the registry. */
function ownAndGenerated(subgraph: string): DocumentNode {
  const own = ownDocuments.get(subgraph)!;
  const generated = GENERATED_SDL[subgraph];
  return generated ? { ...own, definitions: [...own.definitions, ...parseFile(generated).definitions] } : own;
}

/** The shared types a subgraph's own schema declares again, with the file that declares them. */
function redeclaredSharedTypes(subgraph: string, own: DocumentNode): string[] {
  const allowed = OWN_DECLARATIONS_OF_SHARED_NAMES[subgraph] ?? [];
  return definedNames(own)
    .filter((name) => sharedNames.has(name) && !allowed.includes(name))
    .map((name) => `${name} (schema/shared/${sharedNames.get(name)}.graphql)`);
}

/** Declarations written the same in two own schemas or more; entities and root types differ by design. */
function copiesAcrossOwnSchemas(owns: Map<string, DocumentNode>): string[][] {
  const copies = new Map<string, string[]>();
  for (const [subgraph, own] of owns) {
    for (const definition of own.definitions) {
      const name = definedName(definition);
      const isEntity = 'directives' in definition && definition.directives?.some((d) => d.name.value === 'key');
      if (!name || isEntity || ['Query', 'Mutation', 'Subscription'].includes(name)) continue;
      const key = print(definition);
      copies.set(key, [...(copies.get(key) ?? []), `${subgraph}: ${name}`]);
    }
  }
  return [...copies.values()].filter((places) => places.length > 1);
}

describe('shared SDL', () => {
  it('names every subgraph, and only existing shared files, each taken by two subgraphs or more', () => {
    expect(Object.keys(SHARED_SDL).sort()).toEqual([...subgraphNames].sort());
    const takers = new Map<string, string[]>(sharedFiles.map((file) => [file, []]));
    for (const [subgraph, files] of Object.entries(SHARED_SDL)) {
      for (const file of files) {
        expect({ subgraph, file, exists: takers.has(file) }).toEqual({ subgraph, file, exists: true });
        takers.get(file)!.push(subgraph);
      }
    }
    const notShared = [...takers].filter(([, subgraphs]) => subgraphs.length < 2).map(([file]) => file);
    expect(notShared).toEqual([]);
  });

  it('declares each shared type in one shared file only', () => {
    const declarations = [...sharedDocuments.values()].flatMap(definedNames);
    expect(declarations.filter((name, index) => declarations.indexOf(name) !== index)).toEqual([]);
  });

  it.each(subgraphNames)('%s: its own schema.graphql re-declares no shared type', (subgraph) => {
    expect(redeclaredSharedTypes(subgraph, ownDocuments.get(subgraph)!)).toEqual([]);
  });

  it('leaves no declaration written twice in the subgraphs’ own schemas (entities aside): it belongs in schema/shared/', () => {
    expect(copiesAcrossOwnSchemas(ownDocuments)).toEqual([]);
  });

  it.each(subgraphNames)('%s: uses every shared type it takes', (subgraph) => {
    const own = ownAndGenerated(subgraph);
    const taken = new Map<string, DefinitionNode>();
    for (const file of SHARED_SDL[subgraph]) {
      for (const definition of sharedDocuments.get(file)!.definitions) {
        // A file's `extend schema` (the links it brings) names nothing.
        const name = definedName(definition);
        if (name !== undefined) taken.set(name, definition);
      }
    }
    // Reachable from the subgraph's own declarations, through the shared types they reach.
    const reached = new Set<string>();
    const queue = [...referencedNames(own)];
    while (queue.length > 0) {
      const name = queue.pop()!;
      if (reached.has(name) || !taken.has(name)) continue;
      reached.add(name);
      queue.push(...referencedNames(taken.get(name)!));
    }
    const unused = [...taken.keys()].filter((name) => !reached.has(name) && !(DECLARED_UNUSED[subgraph] ?? []).includes(name));
    expect(unused).toEqual([]);
  });

  it.each(subgraphNames)('%s: its own and shared SDL parse and build as one subgraph schema', (subgraph) => {
    for (const file of subgraphSchemaFiles(subgraph)) parseFile(file);
    const schema = buildSubgraphSchema([{ typeDefs: parse(subgraphTypeDefs(subgraph)) }]);
    for (const file of SHARED_SDL[subgraph]) {
      for (const definition of sharedDocuments.get(file)!.definitions) {
        const name = definedName(definition);
        if (name === undefined) continue;
        const built = definition.kind === Kind.DIRECTIVE_DEFINITION ? schema.getDirective(name) : schema.getType(name);
        expect(built?.name).toBe(name);
      }
    }
  });

  it('composes every subgraph, own and shared SDL, into the supergraph', () => {
    expect(() => compose()).not.toThrow();
  });

  it('gives codegen the same files as the running subgraphs and composition, in the same order', () => {
    // Read codegen.yml as `npm run codegen` does, with the codegen CLI's own loader (ESM inside: not under Jest).
    const load = `require('@graphql-codegen/cli').loadCodegenConfig({ configFilePath: 'codegen.yml' })
      .then(({ config }) => process.stdout.write(JSON.stringify(config.generates)))`;
    const generates = JSON.parse(execFileSync(process.execPath, ['-e', load], { cwd: ROOT, encoding: 'utf8' })) as Record<
      string,
      { schema?: unknown }
    >;
    for (const subgraph of subgraphNames) {
      const schema = generates[`subgraphs/${subgraph}/generated/graphql.ts`]?.schema;
      expect({ subgraph, schema }).toEqual({ subgraph, schema: subgraphSchemaFiles(subgraph) });
    }
  });
});

describe('the shared SDL checks', () => {
  it('catch a shared type copied back into a subgraph’s own schema', () => {
    const crm = ownDocuments.get('crm')!;
    const copied = { ...crm, definitions: [...crm.definitions, ...sharedDocuments.get('money')!.definitions] };
    expect(redeclaredSharedTypes('crm', copied)).toEqual(['Money (schema/shared/money.graphql)']);
    expect(redeclaredSharedTypes('orders', ownDocuments.get('orders')!)).toEqual([]);
    expect(redeclaredSharedTypes('crm', ownDocuments.get('orders')!)).toContain('Order (schema/shared/order.graphql)');
  });

  it('catch a new type written the same in two own schemas', () => {
    const planted = parse('"Where a parcel goes." type ParcelLabel @shareable { line: String! }');
    const owns = new Map(ownDocuments);
    for (const subgraph of ['ecommerce', 'warehouse']) {
      const own = owns.get(subgraph)!;
      owns.set(subgraph, { ...own, definitions: [...own.definitions, ...planted.definitions] });
    }
    expect(copiesAcrossOwnSchemas(owns)).toEqual([['ecommerce: ParcelLabel', 'warehouse: ParcelLabel']]);
  });
});
