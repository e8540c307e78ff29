import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DocumentNode, Kind, print } from 'graphql';
import * as operations from '../operations/generated';

export const MANIFEST_FILE = resolve(__dirname, '../operations/trusted-documents.json');

/** One registered operation, in Apollo's persisted query manifest format (Router and Hive read it too). */
export interface TrustedDocument {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
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
 * The first-party apps' operations (operations/*.graphql, as codegen typed them), each under the
 * SHA-256 of its printed text: the hash Apollo Client's persisted query link sends.
 */
export function trustedDocuments(): TrustedDocumentManifest {
  const documents = Object.values(operations).filter(isDocument);
  const entries = documents.flatMap((document) => {
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION || !operation.name) return [];
    const body = print(document);
    return [{ id: createHash('sha256').update(body).digest('hex'), name: operation.name.value, type: operation.operation, body }];
  });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: entries.sort((a, b) => a.name.localeCompare(b.name)) };
}

if (require.main === module) {
  const text = `${JSON.stringify(trustedDocuments(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(MANIFEST_FILE, 'utf8');
    } catch {
      // A missing manifest is stale too.
    }
    if (current !== text) {
      console.error(`stale: ${MANIFEST_FILE}; run \`npm run trusted-documents\` and commit the result`);
      process.exit(1);
    }
    console.log('trusted documents are up to date');
  } else {
    writeFileSync(MANIFEST_FILE, text);
    console.log(`wrote ${MANIFEST_FILE}`);
  }
}
