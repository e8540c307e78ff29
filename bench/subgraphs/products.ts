import type { RequestContext } from '../../lib/context';
import type { SubgraphService } from '../../lib/subgraph';
import { productByUpc, products as allProducts } from './data';

export const products: SubgraphService<RequestContext> = {
  name: 'products',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@tag"])

    type Query @tag(name: "public") {
      topProducts(first: Int = 5): [Product]
    }

    type Product @key(fields: "upc") @tag(name: "public") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }
  `,
  resolvers: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => allProducts.slice(0, Math.max(0, first)),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => productByUpc.get(upc) ?? null,
    },
  },
  createContext: (base) => base,
};
