import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  buildSchema,
  DefinitionNode,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  Kind,
  parse,
  print,
  validate,
  visit,
} from 'graphql';
import * as consoleOperations from '../clients/console/src/generated/graphql';
import * as operations from '../operations/generated';
import { PARTNER_API_SCHEMA_FILE } from './compose';
import { operationCost } from './operation-cost';
import { writeOrCheck } from './generated-files';

export const MANIFEST_FILE = resolve(__dirname, '../operations/trusted-documents.json');
/** The console's persisted query ids by operation name: what its Apollo Client sends instead of text. */
export const CONSOLE_IDS_FILE = resolve(__dirname, '../clients/console/src/generated/persisted-documents.json');
/** Each partner's operations, in a folder named by its app's client id. */
export const PARTNER_OPERATIONS_DIR = resolve(__dirname, '../operations/partners');
export const PARTNER_MANIFEST_FILE = join(PARTNER_OPERATIONS_DIR, 'trusted-documents.json');

/** One registered operation, in Apollo's persisted query manifest format (Router and Hive read it too). */
export interface TrustedDocument {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  /** A partner's operation only: what it counts against the partner's cost limit (scripts/operation-cost.ts). */
  cost?: number;
}

export interface TrustedDocumentManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: TrustedDocument[];
}

/** Whether an export of operations/generated.ts is an operation's typed document. */
function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as DocumentNode).kind === Kind.DOCUMENT;
}

/**
 * The first-party apps' operations (operations/*.graphql and the console's operations/console/,
 * as codegen typed them), each under the SHA-256 of its printed text.
 */
export function trustedDocuments(): TrustedDocumentManifest {
  const documents = [...Object.values(operations), ...Object.values(consoleOperations)].filter(isDocument);
  const entries = documents.flatMap((document) => {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION || !operation.name) return [];
    const body = print(document);
    return [{ id: createHash('sha256').update(body).digest('hex'), name: operation.name.value, type: operation.operation, body }];
  });
  const names = entries.map((entry) => entry.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new Error(`two first-party operations are named ${twice}: the console sends its operations by name's id`);
  return manifestOf(entries);
}

/** The console's operations' ids, by name. */
export function consolePersistedIds(manifest: TrustedDocumentManifest): Record<string, string> {
  const names = new Set(
    Object.values(consoleOperations)
      .filter(isDocument)
      .flatMap((document) => document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []))),
  );
  return Object.fromEntries(
    manifest.operations.filter((operation) => names.has(operation.name)).map((operation) => [operation.name, operation.id]),
  );
}

function manifestOf(entries: TrustedDocument[]): TrustedDocumentManifest {
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: entries.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The fragments an operation uses, and those they use, in the order the file declares them. */
function withFragments(operation: DefinitionNode, definitions: readonly DefinitionNode[]): DocumentNode {
  const fragments = definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  const used = new Set<string>();
  const collect = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread: (spread) => {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = fragments.find((f) => f.name.value === spread.name.value);
        if (fragment) collect(fragment);
      },
    });
  collect(operation);
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragments.filter((f) => used.has(f.name.value))] };
}

/** One partner's operations (`operations/partners/<client id>/*.graphql`), checked against the contract and costed. */
function partnerManifest(dir: string, contract: GraphQLSchema): TrustedDocumentManifest {
  const entries: TrustedDocument[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const { definitions } = parse(readFileSync(join(dir, file), 'utf8'));
    for (const operation of definitions) {
      if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
      if (!operation.name) throw new Error(`${join(dir, file)}: a partner's operation needs a name`);
      const document = withFragments(operation, definitions);
      const errors = validate(contract, document);
      if (errors.length > 0)
        throw new Error(`${join(dir, file)}: ${operation.name.value} is not valid in the partners' contract: ${errors[0].message}`);
      const body = print(document);
      entries.push({
        id: createHash('sha256').update(body).digest('hex'),
        name: operation.name.value,
        type: operation.operation,
        body,
        cost: operationCost(contract, document),
      });
    }
  }
  return manifestOf(entries);
}

/**
 * Each partner's registered operations, by the client id of its app: a persisted query manifest
 * per partner, each operation with its static cost. Checked against the partners' contract
 * (schema/contracts/partner.api.graphql), so a partner can register nothing the contract leaves out.
 */
export function partnerTrustedDocuments(): Record<string, TrustedDocumentManifest> {
  const contract = buildSchema(readFileSync(PARTNER_API_SCHEMA_FILE, 'utf8'));
  const partners = readdirSync(PARTNER_OPERATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Object.fromEntries(partners.map((clientId) => [clientId, partnerManifest(join(PARTNER_OPERATIONS_DIR, clientId), contract)]));
}

if (require.main === module) {
  const manifest = trustedDocuments();
  writeOrCheck(
    [
      [MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`],
      [CONSOLE_IDS_FILE, `${JSON.stringify(consolePersistedIds(manifest), null, 2)}\n`],
      [PARTNER_MANIFEST_FILE, `${JSON.stringify(partnerTrustedDocuments(), null, 2)}\n`],
    ],
    'npm run trusted-documents',
    'trusted documents are',
  );
}
