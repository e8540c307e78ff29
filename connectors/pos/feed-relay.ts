import type { Logger } from 'pino';
import type { UnavailableReason } from '../../lib/errors';
import { eventBus, type EventBus } from '../../lib/events';
import type { FeedLeases } from '../../lib/leases';
import type { Receipt } from './records';

/**
 * The till feed read once for the whole deployment. Every subgraph that counts till sales (pos,
 * commerce, marketplace) keeps its own ledger of them (SalesFeed); with replicas sharing leases
 * (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL), only the replica holding the `pos.till-feed`
 * lease reads the head office's feed on the timer, and tells the others over the bus what it read:
 *
 * - `pos.till-feed.receipts`: one store's receipts read from its feed, and the cursor after them
 *   (published by any replica that reads the feed, the leader's rounds and the reads a sale makes
 *   under its stock lock alike);
 * - `pos.till-feed.round`: after each of the leader's rounds, every store's cursor, or why it could
 *   not be read.
 *
 * The others book the receipts as if they had read them, count a store caught up when a round names
 * a cursor they have reached, read the store's feed themselves when a round names one they have not
 * (a message they missed), and go stale as the leader does when the head office is down or when no
 * round comes (the leader died: the lease moves within seconds). They still read the feed from the
 * last closed day at start, the end-of-day batches of their window, and the feed itself under a
 * stock lock. Internal replication, not domain events: subscribers of the graph never see them.
 */
export interface RelayedReceipts {
  retailStoreId: string;
  receipts: Receipt[];
  /** The feed's cursor after them. */
  cursor: number;
}

export interface RelayedRound {
  stores: Record<string, { cursor: number | null; failure: UnavailableReason | null }>;
}

export interface RelayListener {
  receipts(read: RelayedReceipts): void;
  round(round: RelayedRound): void;
}

export interface FeedRelay {
  /** Whether this replica reads the feed on the timer now (it holds the lease). */
  leading(): boolean;
  /** Starts hearing what the other replicas read; resolves once subscribed. */
  listen(listener: RelayListener): Promise<void>;
  /** Tells the others; never throws (a broker that is down is logged: the others go stale, then read for themselves). */
  receiptsRead(read: RelayedReceipts): void;
  roundRead(round: RelayedRound): void;
  close(): Promise<void>;
}

export const TILL_FEED_LEASE = 'pos.till-feed';
const RECEIPTS = 'pos.till-feed.receipts';
const ROUND = 'pos.till-feed.round';

/** A receipt with its amounts (hundredths) held as `Amount`: bigint in memory, a decimal string on the wire. */
type ReceiptAmounts<Amount> = Omit<Receipt, 'lines' | 'tenders' | 'total'> & {
  lines: (Omit<Receipt['lines'][number], 'unitPrice' | 'gross' | 'discount'> & {
    unitPrice: Amount | null;
    gross: Amount | null;
    discount: Amount;
  })[];
  tenders: (Omit<Receipt['tenders'][number], 'amount'> & { amount: Amount })[];
  total: Amount;
};
type WireReceipt = ReceiptAmounts<string>;

function convertAmounts<From, To>(receipt: ReceiptAmounts<From>, convert: (amount: From) => To): ReceiptAmounts<To> {
  const orNull = (amount: From | null) => (amount === null ? null : convert(amount));
  return {
    ...receipt,
    lines: receipt.lines.map((line) => ({
      ...line,
      unitPrice: orNull(line.unitPrice),
      gross: orNull(line.gross),
      discount: convert(line.discount),
    })),
    tenders: receipt.tenders.map((tender) => ({ ...tender, amount: convert(tender.amount) })),
    total: convert(receipt.total),
  };
}

/** Receipts carry amounts as bigint hundredths, which JSON cannot: as decimal strings of them on the wire. */
export const receiptToWire = (receipt: Receipt): WireReceipt => convertAmounts(receipt, String);
export const receiptFromWire = (wire: WireReceipt): Receipt => convertAmounts(wire, BigInt);

/** The relay over this process's bus, led where the `pos.till-feed` lease is held. */
export class BusFeedRelay implements FeedRelay {
  private holdsLease = false;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(
    leases: FeedLeases,
    private readonly bus: () => Promise<EventBus>,
    private readonly log: Logger,
  ) {
    leases.follow(TILL_FEED_LEASE, {
      lead: () => {
        this.holdsLease = true;
        this.log.info('reading the till feed for every replica');
      },
      standDown: () => {
        this.holdsLease = false;
      },
    });
  }

  leading(): boolean {
    return this.holdsLease;
  }

  async listen(listener: RelayListener): Promise<void> {
    const bus = await this.bus();
    this.unsubscribe = await bus.subscribe('pos.till-feed.>', (event) => {
      if (event.subject === RECEIPTS) {
        const read = event.data as unknown as Omit<RelayedReceipts, 'receipts'> & { receipts: WireReceipt[] };
        listener.receipts({ ...read, receipts: read.receipts.map(receiptFromWire) });
      } else if (event.subject === ROUND) listener.round(event.data as unknown as RelayedRound);
    });
  }

  receiptsRead(read: RelayedReceipts): void {
    this.send(RECEIPTS, { ...read, receipts: read.receipts.map(receiptToWire) });
  }

  roundRead(round: RelayedRound): void {
    this.send(ROUND, round as unknown as Record<string, unknown>);
  }

  private send(subject: string, data: Record<string, unknown>): void {
    this.bus()
      .then((bus) => bus.publish(subject, data))
      .catch((error: unknown) => this.log.warn({ err: error, subject }, 'could not tell the other replicas what the till feed held'));
  }

  async close(): Promise<void> {
    await this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

/**
 * The relay when replicas share leases (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL); without
 * either, none: this process reads the feed itself, as one replica does.
 */
export function feedRelayFromEnv(env: NodeJS.ProcessEnv, leases: FeedLeases, log: Logger): FeedRelay | undefined {
  if (!env.FEED_LEASES_URL) return undefined;
  if (!env.EVENTS_NATS_URL) {
    log.warn('FEED_LEASES_URL without EVENTS_NATS_URL: every replica reads the till feed itself, having no broker to share it over');
    return undefined;
  }
  return new BusFeedRelay(leases, () => eventBus(env), log);
}
