import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { accessMatrix } from '../gateway/access/matrix';
import { defaultSubgraphUrl, SUBGRAPHS } from '../lib/subgraph-locations';
import { subgraphTypeDefs } from '../lib/subgraph';

const root = resolve(__dirname, '..');
export const SUPERGRAPH_FILE = resolve(root, 'schema/supergraph.graphql');
export const API_SCHEMA_FILE = resolve(root, 'schema/api.graphql');
export const ACCESS_FILE = resolve(root, 'docs/ACCESS.md');

export interface Composed {
  supergraph: string;
  api: string;
  /** docs/ACCESS.md: the field × role matrix of the supergraph's access rules. */
  access: string;
}

/**
 * Composes the subgraphs' schema files (each one's own and the shared ones SHARED_SDL names for it)
 * into the supergraph, the client-facing API schema and the access matrix.
 */
export function compose(): Composed {
  const result = composeServices(
    SUBGRAPHS.map((location) => ({
      name: location.name,
      url: defaultSubgraphUrl(location),
      typeDefs: parse(subgraphTypeDefs(location.name)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  const api = `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`;
  return { supergraph: result.supergraphSdl, api, access: accessMatrix(result.supergraphSdl, api) };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  try {
    const composed = compose();
    const files: [string, string][] = [
      [SUPERGRAPH_FILE, composed.supergraph],
      [API_SCHEMA_FILE, composed.api],
      [ACCESS_FILE, composed.access],
    ];
    if (check) {
      const stale = files.filter(([file, text]) => {
        try {
          return readFileSync(file, 'utf8') !== text;
        } catch {
          return true;
        }
      });
      if (stale.length > 0) {
        console.error(`stale: ${stale.map(([file]) => file).join(', ')}; run \`npm run compose\` and commit the result`);
        process.exit(1);
      }
      console.log('supergraph, API schema and access matrix are up to date');
    } else {
      for (const [file, text] of files) writeFileSync(file, text);
      console.log(`wrote ${files.map(([file]) => file).join(', ')}`);
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
