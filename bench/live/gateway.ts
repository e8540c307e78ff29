import { LiveFeeds, type OpenFeed } from '../../gateway/live/feeds';
import { buildGatewayServer } from '../../gateway/server';
import { closeEventBus } from '../../lib/events';

/**
 * The gateway of the live part, alone in its process as production runs it (gateway/main.ts), in
 * front of the Omnigraph process's subgraphs: built by `buildGatewayServer` on this environment, on
 * an ephemeral port of 127.0.0.1. Prints `{"gatewayUrl": …}` when ready.
 *
 * Bench-only: over the IPC channel the runner asks `{ ask, id }` and is answered with how many
 * subscriptions and feeds its LiveFeeds hold (`size`, read from the instance the subscriptions
 * plugin made, which `open` is wrapped here to find) and this process's memory: for
 * `ask: 'memory'` after a full collection (started with --expose-gc), for `ask: 'live'` as it is
 * (cheap enough to poll). Nothing of this is in production code.
 */

export interface GatewayQuestion {
  ask: 'memory' | 'live';
  id: number;
}

export interface GatewayAnswer {
  id: number;
  memory: NodeJS.MemoryUsage;
  /** Whether a full collection ran first (--expose-gc). */
  collected: boolean;
  /** Open subscriptions and the feeds (distinct resolutions) serving them; null before the first subscription. */
  live: { subscribers: number; feeds: number } | null;
}

const liveFeeds = new Set<LiveFeeds>();
const openFeed = LiveFeeds.prototype.open;
LiveFeeds.prototype.open = function openAndRemember(this: LiveFeeds, request: OpenFeed) {
  liveFeeds.add(this);
  return openFeed.call(this, request);
};

function liveSize(): GatewayAnswer['live'] {
  if (liveFeeds.size === 0) return null;
  let subscribers = 0;
  let feeds = 0;
  for (const instance of liveFeeds) {
    subscribers += instance.size.subscribers;
    feeds += instance.size.feeds;
  }
  return { subscribers, feeds };
}

const collect = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const app = await buildGatewayServer({ env: process.env });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.on('message', (message: GatewayQuestion) => {
    if ((message.ask !== 'memory' && message.ask !== 'live') || typeof message.id !== 'number') return;
    const collecting = message.ask === 'memory' && collect !== undefined;
    if (collecting) {
      // Twice: the first pass can leave what finalizers freed for the second.
      collect();
      collect();
    }
    const answer: GatewayAnswer = { id: message.id, memory: process.memoryUsage(), collected: collecting, live: liveSize() };
    process.send?.(answer);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const closing = app.close();
    app.server.closeAllConnections();
    void closing
      .then(() => closeEventBus())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', stop);
  // The runner is gone (however it ended): never outlive it.
  process.once('disconnect', stop);
  process.stdout.write(`${JSON.stringify({ gatewayUrl: `http://127.0.0.1:${port}/graphql` })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
