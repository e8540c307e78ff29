import type { RequestContext } from '../../lib/context';
import type { SubgraphService } from '../../lib/subgraph';
import { Review, reviewsBy, reviewsOf, userById } from './data';

export const reviews: SubgraphService<RequestContext> = {
  name: 'reviews',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@provides", "@tag"])

    type Review @key(fields: "id") @tag(name: "public") {
      id: ID!
      body: String
      author: User @provides(fields: "username")
      product: Product
    }

    type User @key(fields: "id") @tag(name: "public") {
      id: ID!
      username: String @external
      reviews: [Review]
    }

    type Product @key(fields: "upc") @tag(name: "public") {
      upc: String!
      reviews: [Review]
    }
  `,
  resolvers: {
    Review: {
      // username is provided here so the planner can skip accounts when only it is asked.
      author: (review: Review) => ({ id: review.authorId, username: userById.get(review.authorId)?.username }),
      product: (review: Review) => ({ upc: review.productUpc }),
    },
    User: {
      reviews: ({ id }: { id: string }) => reviewsBy(id),
    },
    Product: {
      reviews: ({ upc }: { upc: string }) => reviewsOf(upc),
    },
  },
  createContext: (base) => base,
};
