import type { RequestContext } from '../../lib/context';
import type { SubgraphService } from '../../lib/subgraph';

interface ProductReference {
  upc: string;
  price?: number;
  weight?: number;
}

export const inventory: SubgraphService<RequestContext> = {
  name: 'inventory',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@tag"])

    type Product @key(fields: "upc") @tag(name: "public") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `,
  resolvers: {
    Product: {
      __resolveReference: (reference: ProductReference) => reference,
      inStock: ({ upc }: ProductReference) => Number(upc) % 3 !== 0,
      // The public benchmark's rule: expensive products ship free, the rest by weight.
      shippingEstimate: ({ price, weight }: ProductReference) => ((price ?? 0) > 1_000 ? 0 : Math.round((weight ?? 0) * 0.5)),
    },
  },
  createContext: (base) => base,
};
