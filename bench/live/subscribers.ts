import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { persistedQueryHash } from '../omnichannel/graphql';

/**
 * Subscribers as devices are: each its own WebSocket to the gateway's /graphql (graphql-ws), the
 * access token in connection_init's `authorization`, the subscription sent as production frontends
 * send it, by the hash of its registered text (trusted documents).
 */

export interface LiveMessage {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
  extensions?: { eventId?: string };
}

export interface SubscriberSpec {
  kind: 'stock' | 'order';
  /** Who it is signed in as; null for a guest (no token). */
  login: string | null;
  token: string | null;
  /** The registered operation's text (operations/live.graphql). */
  query: string;
  variables: Record<string, unknown>;
  /** What it follows, for the report: a product page, a store tablet's shelf, an order. */
  role: string;
}

/** Called with each answer as it arrives (performance.now()), before anything else is done with it. */
export type OnMessage = (subscriber: Subscriber, message: LiveMessage, at: number) => void;

export class Subscriber {
  private client: Client | null = null;
  /** When the server acknowledged the connection (connection_ack); null until then. */
  connectedAt: number | null = null;
  messages = 0;
  /** Why the subscription ended, if it has: the server's errors, a close code, or 'complete'. */
  ended: string | null = null;
  endedAt: number | null = null;
  /** Answers that carried errors, by code. */
  readonly errorCodes = new Map<string, number>();

  constructor(
    readonly index: number,
    readonly spec: SubscriberSpec,
  ) {}

  /** Connects and subscribes; resolves once connected (or failed: see `ended`), never rejects. */
  open(wsUrl: string, onMessage: OnMessage, connectTimeoutMs: number): Promise<void> {
    return new Promise<void>((connected) => {
      const timer = setTimeout(() => {
        this.end('connect timeout');
        connected();
      }, connectTimeoutMs);
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: this.spec.token ? { authorization: `Bearer ${this.spec.token}` } : {},
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: (error) => {
          clearTimeout(timer);
          this.end(describe(error));
          connected();
        },
        on: {
          connected: () => {
            clearTimeout(timer);
            this.connectedAt = performance.now();
            connected();
          },
          closed: (event) => {
            clearTimeout(timer);
            if (this.ended === null) this.end(describe(event));
            connected();
          },
        },
      });
      this.client = client;
      client.subscribe<Record<string, unknown>, { eventId?: string }>(
        {
          query: '',
          variables: this.spec.variables,
          extensions: { persistedQuery: { version: 1, sha256Hash: persistedQueryHash(this.spec.query) } },
        },
        {
          next: (message) => {
            const at = performance.now();
            this.messages += 1;
            for (const error of message.errors ?? []) {
              const code = String((error.extensions as { code?: unknown } | undefined)?.code ?? 'ERROR');
              this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
            }
            onMessage(this, message as LiveMessage, at);
          },
          error: (error) => this.end(describe(error)),
          complete: () => this.end('complete'),
        },
      );
    });
  }

  private end(reason: string): void {
    if (this.ended !== null) return;
    this.ended = reason;
    this.endedAt = performance.now();
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (this.ended === null) this.end('closed by the bench');
    await client?.dispose();
  }
}

/** A refusal (GraphQL errors: their codes), a close event (its code and reason), or an error's message. */
function describe(error: unknown): string {
  if (Array.isArray(error))
    return `refused: ${error.map((e: { extensions?: { code?: unknown }; message?: string }) => String(e.extensions?.code ?? e.message)).join(', ')}`;
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error)
    return `closed ${String((error as { code: unknown }).code)}${(error as { reason: unknown }).reason ? ` ${String((error as { reason: unknown }).reason)}` : ''}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
