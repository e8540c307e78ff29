import type { Logger } from 'pino';
import type { UnavailableReason } from '../../lib/errors';
import { leasedRelayFromEnv, type LeasedRelay } from '../../lib/feed-relay';
import type { FeedLeases } from '../../lib/leases';
import type { Receipt } from './records';

/**
 * The till feed read once for the whole deployment. Every subgraph that counts till sales (pos,
 * commerce, marketplace) keeps its own ledger of them (SalesFeed); with replicas sharing leases
 * (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL), only the replica holding the `pos.till-feed`
 * lease reads the head office's feed on the timer, and tells the others over the bus what it read
 * (`lib/feed-relay.ts`):
 *
 * - `pos.till-feed.receipts`: one store's receipts read from its feed, and the cursor after them
 *   (what the leader reads: its rounds, and the reads its sales make under a stock lock);
 * - `pos.till-feed.round`: after each of the leader's rounds, every store's cursor, or why it could
 *   not be read.
 *
 * The others book the receipts as if they had read them, count a store caught up when a round names
 * a cursor they have reached, read the store's feed themselves when a round names one they have not
 * (a message they missed), and go stale as the leader does when the head office is down or when no
 * round comes (the leader died: the lease moves within seconds). They still read the feed from the
 * last closed day at start, the end-of-day batches of their window, and the feed itself under a
 * stock lock.
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
const RECEIPTS = 'receipts';
const ROUND = 'round';

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

/** The till feed's relay over this process's bus, led where the `pos.till-feed` lease is held. */
export class BusFeedRelay implements FeedRelay {
  constructor(private readonly relay: LeasedRelay) {}

  leading(): boolean {
    return this.relay.leading();
  }

  listen(listener: RelayListener): Promise<void> {
    return this.relay.listen((kind, data) => {
      if (kind === RECEIPTS) {
        const read = data as unknown as Omit<RelayedReceipts, 'receipts'> & { receipts: WireReceipt[] };
        listener.receipts({ ...read, receipts: read.receipts.map(receiptFromWire) });
      } else if (kind === ROUND) listener.round(data as unknown as RelayedRound);
    });
  }

  receiptsRead(read: RelayedReceipts): void {
    this.relay.send(RECEIPTS, { ...read, receipts: read.receipts.map(receiptToWire) });
  }

  roundRead(round: RelayedRound): void {
    this.relay.send(ROUND, round as unknown as Record<string, unknown>);
  }

  close(): Promise<void> {
    return this.relay.close();
  }
}

/**
 * The relay when replicas share leases (FEED_LEASES_URL) and a broker (EVENTS_NATS_URL); without
 * either, none: this process reads the feed itself, as one replica does.
 */
export function feedRelayFromEnv(env: NodeJS.ProcessEnv, leases: FeedLeases, log: Logger): FeedRelay | undefined {
  const relay = leasedRelayFromEnv(env, leases, TILL_FEED_LEASE, log);
  return relay && new BusFeedRelay(relay);
}
