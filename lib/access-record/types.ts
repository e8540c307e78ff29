/**
 * The record of who looked: every read of a customer's personal data by staff or a partner, kept
 * in Omnigraph's own durable store so the customer can be shown who saw what (Vietnam's personal
 * data protection rules expect a retailer to be able to).
 */

/**
 * The Customer fields that carry personal data (those `docs/ACCESS.md` guards with `customer:self`
 * or `customers:read`), by the name a look records; the types under them are covered by their field.
 * A personal field reached other than through the Customer is named `Type.field`: `WebOrder.email`,
 * an order's email, read through `order(id)`, `orderHistory` or a store's pickup queue;
 * `MarketplaceOrder.buyer`, a linked marketplace buyer's loyalty card.
 */
export type PersonalField =
  | 'displayName'
  | 'emails'
  | 'phones'
  | 'records'
  | 'mergeCandidates'
  | 'profile'
  | 'loyalty'
  | 'supportTickets'
  | 'profileChanges'
  | 'webAccount'
  | 'openCarts'
  | 'orderHistory'
  | 'WebOrder.email'
  | 'MarketplaceOrder.buyer';

/** One subgraph's answer to one request showed these fields of one customer to this viewer. */
export interface DataAccess {
  /** The Omnigraph customer id the gateway handed over. */
  customerId: string;
  /** Business time (lib/clock.ts), ISO 8601 in UTC with milliseconds. */
  at: string;
  /** Who read: the subject of the caller's token (a staff member's account, a partner's app). */
  viewer: string | null;
  viewerRoles: string[];
  /** The app the token was issued to (the call-center console, a partner's app); null when unknown. */
  channel: string | null;
  requestId: string;
  /** Which subgraph served the fields: for the data protection officer, never shown to the customer. */
  subgraph: string;
  /** Sorted, each once. */
  fields: string[];
}

/** A written entry, with the store's sequence number that orders entries of the same instant. */
export interface RecordedAccess extends DataAccess {
  /** A decimal integer, as text (PostgreSQL's bigserial does not fit a JavaScript number). */
  sequence: string;
}

/** Where a page of the record starts: after this entry, newest first. */
export interface RecordPosition {
  at: string;
  sequence: string;
}

export interface AccessRecordStore {
  /** Appends the entries in one transaction; settles once they are durable, and fails if they are not. */
  write(entries: readonly DataAccess[]): Promise<void>;
  /**
   * Up to `limit` entries about any of `customerIds` (a customer's ids, including those of records
   * since merged into them), newest first, after `after`; and how many there are in all.
   */
  newest(
    customerIds: readonly string[],
    limit: number,
    after: RecordPosition | null,
  ): Promise<{ entries: RecordedAccess[]; totalCount: number }>;
  close(): Promise<void>;
}
