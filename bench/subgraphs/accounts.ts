import type { RequestContext } from '../../lib/context';
import type { SubgraphService } from '../../lib/subgraph';
import { userById, users } from './data';

export const accounts: SubgraphService<RequestContext> = {
  name: 'accounts',
  typeDefs: /* GraphQL */ `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@tag"])

    type Query @tag(name: "public") {
      me: User
      user(id: ID!): User
      "Every user, or the first ones: the varied workload uses first to make each request distinct."
      users(first: Int): [User]
    }

    type User @key(fields: "id") @tag(name: "public") {
      id: ID!
      name: String
      username: String @shareable
      birthday: Int
    }
  `,
  resolvers: {
    Query: {
      me: () => users[0],
      user: (_: unknown, { id }: { id: string }) => userById.get(id) ?? null,
      users: (_: unknown, { first }: { first?: number | null }) => (first == null ? users : users.slice(0, Math.max(0, first))),
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => userById.get(id) ?? null,
    },
  },
  createContext: (base) => base,
};
