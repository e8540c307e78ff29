import { resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { accessMatrix } from '../gateway/access/matrix';
import { defaultSubgraphUrl, ORDER_SOURCES, SUBGRAPHS } from '../lib/subgraph-locations';
import { GENERATED_SDL, subgraphTypeDefs } from '../lib/subgraph';
import { contractExclusions, subgraphForContract } from './contract';
import { writeOrCheck } from './generated-files';
import { orderHistorySdl } from './order-history';

const root = resolve(__dirname, '..');
export const SUPERGRAPH_FILE = resolve(root, 'schema/supergraph.graphql');
export const API_SCHEMA_FILE = resolve(root, 'schema/api.graphql');
export const ACCESS_FILE = resolve(root, 'docs/ACCESS.md');
/** The partners' contract: the graph as `@tag(name: "partner")` marks it, without personal data. */
export const PARTNER_TAG = 'partner';
export const PARTNER_SUPERGRAPH_FILE = resolve(root, 'schema/contracts/partner.supergraph.graphql');
export const PARTNER_API_SCHEMA_FILE = resolve(root, 'schema/contracts/partner.api.graphql');

/** A composed supergraph and the API schema its clients see. */
export interface Graph {
  supergraph: string;
  api: string;
}

export interface Composed extends Graph {
  /** docs/ACCESS.md: the field × role matrix of the supergraph's access rules. */
  access: string;
  /** The partner gateway's contract of the graph. */
  partner: Graph;
}

/** Composes the subgraphs, each one's SDL given by name, into a supergraph and its API schema. */
function composeGraph(typeDefsOf: (name: string) => string): Graph {
  const result = composeServices(
    SUBGRAPHS.map((location) => ({
      name: location.name,
      url: defaultSubgraphUrl(location),
      typeDefs: parse(typeDefsOf(location.name)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { supergraph: result.supergraphSdl, api: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n` };
}

/**
 * Composes the subgraphs' schema files (each one's own and the shared ones SHARED_SDL names for it)
 * into the supergraph, the client-facing API schema and the access matrix; then the partners'
 * contract, by composing the same files again with what the contract leaves out `@inaccessible`.
 */
export function compose(): Composed {
  const graph = composeGraph(subgraphTypeDefs);
  const exclusions = contractExclusions(graph.supergraph, PARTNER_TAG);
  const partner = composeGraph((name) => subgraphForContract(subgraphTypeDefs(name), exclusions));
  return { ...graph, access: accessMatrix(graph.supergraph, graph.api), partner };
}

if (require.main === module) {
  try {
    // The registry's SDL first: composition reads it.
    writeOrCheck(
      [[resolve(root, GENERATED_SDL.orders), orderHistorySdl(ORDER_SOURCES)]],
      'npm run compose',
      'the order history’s sources are',
    );
    const composed = compose();
    writeOrCheck(
      [
        [SUPERGRAPH_FILE, composed.supergraph],
        [API_SCHEMA_FILE, composed.api],
        [ACCESS_FILE, composed.access],
        [PARTNER_SUPERGRAPH_FILE, composed.partner.supergraph],
        [PARTNER_API_SCHEMA_FILE, composed.partner.api],
      ],
      'npm run compose',
      "supergraph, API schema, access matrix and partners' contract are",
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
