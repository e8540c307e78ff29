import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import type { DocumentNode, FormattedExecutionResult } from 'graphql';
import type { ConsoleConfig } from './config';
import persistedIds from './generated/persisted-documents.json';

// Every query, subscription and mutation of the console keeps partial data with its errors (errorPolicy 'all'), and is typed so.
// Apollo Client 4 declares default options by merging into its namespace, as its docs show.
/* eslint-disable @typescript-eslint/no-namespace */
declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'all';
      }
    }
  }
}
/* eslint-enable @typescript-eslint/no-namespace */

/** The registered id of one of the console's operations (operations/console/), by its name. */
function registeredId(document: DocumentNode): string {
  const definition = getMainDefinition(document);
  const name = definition.name?.value;
  const id = name ? (persistedIds as Record<string, string>)[name] : undefined;
  if (!id) throw new Error(`${name ?? 'an unnamed operation'} is not one of the console's registered operations`);
  return id;
}

const isSubscription = (document: DocumentNode) => {
  const definition = getMainDefinition(document);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
};

/**
 * Subscriptions over graphql-ws on the gateway's endpoint: the token in connection_init, each
 * operation by its registered id only (the gateway runs the registered text). One socket for the
 * tab, opened on the first subscription and closed a while after the last.
 */
function liveLink(config: ConsoleConfig, token: () => string): ApolloLink {
  const url = config.graphqlUrl.replace(/^http/, 'ws');
  const client = createClient({
    url,
    connectionParams: () => ({ authorization: `Bearer ${token()}` }),
    lazyCloseTimeout: 10_000,
    retryAttempts: 5,
  });
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) =>
        client.subscribe<Record<string, unknown>>(
          {
            query: '',
            operationName: operation.operationName,
            variables: operation.variables,
            extensions: { persistedQuery: { version: 1, sha256Hash: registeredId(operation.query) } },
          },
          {
            next: (result: FormattedExecutionResult<Record<string, unknown>>) => observer.next(result as ApolloLink.Result),
            error: (error: unknown) =>
              observer.error(error instanceof Error ? error : new Error('The live connection to the graph was closed.')),
            complete: () => observer.complete(),
          },
        ),
      ),
  );
}

/**
 * The console's Apollo Client: a normalised cache (objects by type and id, so an order changed by a
 * subscription or a mutation changes on every screen that shows it), queries and mutations over
 * HTTP by registered id (Apollo's persisted query protocol; the gateway refuses text in
 * production), subscriptions over a WebSocket, the signed-in person's token on each.
 */
export function createApolloClient(config: ConsoleConfig, token: () => string): ApolloClient {
  const authorization = new SetContextLink((prev) => ({ headers: { ...prev.headers, authorization: `Bearer ${token()}` } }));
  const byId = new PersistedQueryLink({ generateHash: registeredId, retry: () => false, disable: () => false });
  const http = ApolloLink.from([authorization, byId, new HttpLink({ uri: config.graphqlUrl })]);
  return new ApolloClient({
    link: ApolloLink.split(({ query }) => isSubscription(query), liveLink(config, token), http),
    cache: new InMemoryCache(),
    defaultOptions: {
      // Partial data: what the graph could answer shows, with an error naming what is missing.
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'all' },
    },
  });
}
