// graphql-ws serves its WebSocket server from an exports-map subpath (Node and Jest read it);
// TypeScript's "node" resolution reads no exports map, so this points it at that file's typings.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
