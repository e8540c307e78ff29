import { performance } from 'node:perf_hooks';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsEventBus } from '../../lib/events';

/**
 * The run's view of the broker: every event of its namespace as it reaches the runner (when each
 * source's event was on the bus, and what an answer's `extensions.eventId` stands for), the
 * self-check's own events, and the namespace's stream removed at the end.
 */

export interface ObservedEvent {
  subject: string;
  sequence: number;
  /** performance.now() in the runner when the event reached it. */
  receivedAt: number;
}

export interface BusObserver {
  events: ObservedEvent[];
  bySequence: Map<number, ObservedEvent>;
  /** Publishes as a source would (self-check only); answers when the broker took it, performance.now(). */
  publish(subject: string, data: Record<string, unknown>, id: string): Promise<number>;
  close(): Promise<void>;
}

/** The broker must be on this machine: the bench listens and connects on 127.0.0.1 only. */
export function loopbackNats(url: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`EVENTS_NATS_URL must be on 127.0.0.1 for the bench, not ${host}`);
  return url;
}

/** Opens the namespace's stream (creating it as the system would) and follows every subject of it. */
export async function observeBus(url: string, namespace: string): Promise<BusObserver> {
  const bus = await NatsEventBus.open(url, { namespace });
  const events: ObservedEvent[] = [];
  const bySequence = new Map<number, ObservedEvent>();
  const stop = await bus.subscribe('>', (event) => {
    const observed = { subject: event.subject, sequence: event.sequence, receivedAt: performance.now() };
    events.push(observed);
    bySequence.set(observed.sequence, observed);
  });
  return {
    events,
    bySequence,
    publish: async (subject, data, id) => {
      await bus.publish(subject, data, { id });
      return performance.now();
    },
    close: async () => {
      await stop();
      await bus.close();
    },
  };
}

/** lib/events names a namespace's stream so: `<NAMESPACE>_EVENTS`, dashes as underscores. */
const streamOf = (namespace: string) => `${namespace.toUpperCase().replace(/-/g, '_')}_EVENTS`;

/** Deletes the run's stream from the broker (each run has a namespace of its own); a failure is only reported. */
export async function removeNamespace(url: string, namespace: string): Promise<string | null> {
  try {
    const nc = await connect({ servers: url, name: 'omnigraph-bench', maxReconnectAttempts: 0 });
    try {
      await (await jetstreamManager(nc)).streams.delete(streamOf(namespace));
    } finally {
      await nc.close();
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
