import { createClient as createSseClient } from 'graphql-sse';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** One answer a subscriber received. */
export interface LiveMessage<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { eventId?: string };
}

/** A subscription as a test holds it: every answer so far, a wait for the next that passes a check, and its end. */
export interface Subscribed<T> {
  messages: LiveMessage<T>[];
  /** Waits (15 s at most) for an answer that satisfies `done`, and gives it. */
  until(done: (message: LiveMessage<T>) => boolean, seconds?: number): Promise<LiveMessage<T>>;
  /** Resolves when the server ends the subscription; with the error if it refused or ended it with one. */
  ended: Promise<unknown>;
  close(): Promise<void>;
}

/** The WebSocket URL of a gateway's GraphQL endpoint. */
export const wsUrlOf = (gatewayUrl: string) => gatewayUrl.replace(/^http/, 'ws');

/**
 * Subscribes over graphql-ws as an app would: the token in connection_init's `authorization`, the
 * last event id (a reconnect) in the subscribe message's extensions.
 */
export function subscribeOverWebSocket<T>(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown>,
  options: { authorization?: string; lastEventId?: string } = {},
): Subscribed<T> {
  const client: Client = createClient({
    url: wsUrlOf(gatewayUrl),
    webSocketImpl: WebSocket,
    connectionParams: options.authorization ? { authorization: options.authorization } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  return collected<T>(
    (sink) =>
      client.subscribe<T>({ query, variables, extensions: options.lastEventId ? { lastEventId: options.lastEventId } : undefined }, sink),
    () => client.dispose(),
  );
}

/** Subscribes over GraphQL over SSE (distinct connections: one POST that accepts text/event-stream), the token in the request's header. */
export function subscribeOverSse<T>(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown>,
  options: { authorization?: string } = {},
): Subscribed<T> {
  const client = createSseClient({
    url: gatewayUrl,
    headers: options.authorization ? { authorization: options.authorization } : {},
    retryAttempts: 0,
  });
  return collected<T>(
    (sink) => client.subscribe<T>({ query, variables }, sink),
    async () => client.dispose(),
  );
}

interface Sink {
  next(message: unknown): void;
  error(error: unknown): void;
  complete(): void;
}

function collected<T>(subscribe: (sink: Sink) => unknown, dispose: () => Promise<void> | void): Subscribed<T> {
  const messages: LiveMessage<T>[] = [];
  const waiters = new Set<() => void>();
  const ended = new Promise<unknown>((resolve) => {
    subscribe({
      next: (message) => {
        messages.push(message as LiveMessage<T>);
        for (const wake of waiters) wake();
      },
      error: (error) => resolve(error),
      complete: () => resolve(undefined),
    });
  });
  return {
    messages,
    ended,
    until: (done, seconds = 15) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(done);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such answer within ${seconds} s; got ${JSON.stringify(messages)}`));
        }, seconds * 1000);
        if (!check()) waiters.add(check);
      }),
    close: async () => {
      await dispose();
    },
  };
}
