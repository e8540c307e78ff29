// The package's exports map serves this subpath from cjs/graphiql.js (GraphiQL's JS, CSS, favicon
// and Monaco workers, as strings); TypeScript's "node" resolution reads no exports map, so this
// points it at the package's own typings for that file.
declare module '@graphql-yoga/render-graphiql/graphiql' {
  export * from '@graphql-yoga/render-graphiql/typings/graphiql';
}
