import type { RequestContext } from '../../lib/context';
import { REQUEST_MEMORY_MS, RequestMemory } from '../../lib/request-memory';
import { CustomerIdentifiers, Receipt } from '../../connectors/pos';
import { normalizePhone } from '../../lib/identifiers';

/** Requests remembered at once; the oldest go first. */
const MAX_REQUESTS = 2_000;

/** What one gateway request's customer lookups asked the POS, as the POS compares it, and the returns they found. */
export interface LookedUp {
  /** Exactly as sent. */
  cards: Set<string>;
  /** Last nine digits, as the lookup matches phones. */
  phones: Set<string>;
  returns: Map<string, Receipt>;
  /** The sales the lookup found to be the looked-up customers' (by identity's rules: isSaleOf). */
  sales: Set<string>;
}

export interface LookupsOfRequest {
  remember(identifiers: CustomerIdentifiers, receipts: readonly Receipt[], theirs: readonly Receipt[]): void;
  /** Null when this request looked nobody up (or so long ago it is forgotten). */
  recall(): LookedUp | null;
}

/** The identifiers as the lookup sends and matches them. */
export function asLookedUp(identifiers: CustomerIdentifiers): Pick<LookedUp, 'cards' | 'phones'> {
  return {
    cards: new Set(identifiers.loyaltyCards.map((card) => card.trim()).filter((card) => card !== '')),
    phones: new Set(identifiers.phones.map(normalizePhone).filter((key): key is string => key !== null)),
  };
}

/**
 * The customer lookup behind a request's store order index, kept for the StoreOrder fetch the
 * gateway makes next in the same request: the lookup returned every receipt that captured the
 * customers' cards and phones, returns included, so the returns of older sales captured with the
 * same cards and phones need no second lookup. Returns keep being rung up, so nothing is kept beyond
 * that request (see RequestMemory for how requests are told apart; the receipts themselves never
 * change: the receipt cache keeps those).
 */
export class CustomerLookups {
  private readonly memory: RequestMemory<LookedUp>;

  constructor(capacity = MAX_REQUESTS, keptForMs = REQUEST_MEMORY_MS, now: () => number = Date.now) {
    this.memory = new RequestMemory(capacity, keptForMs, now);
  }

  of(request: Pick<RequestContext, 'requestId' | 'caller'>): LookupsOfRequest {
    return {
      remember: (identifiers, receipts, theirs) =>
        this.memory.keep(
          request,
          () => ({ cards: new Set(), phones: new Set(), returns: new Map(), sales: new Set() }),
          (kept) => {
            const asked = asLookedUp(identifiers);
            for (const card of asked.cards) kept.cards.add(card);
            for (const phone of asked.phones) kept.phones.add(phone);
            for (const receipt of receipts) if (receipt.kind === 'Return') kept.returns.set(receipt.key, receipt);
            for (const sale of theirs) kept.sales.add(sale.key);
          },
          // Counted in requests: a lookup's returns are few.
          () => 1,
        ),
      recall: () => this.memory.recall(request) ?? null,
    };
  }
}
