import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { eventBus } from './events';
import { locationId } from './ids';

/**
 * The domain events of the graph, one place for their subjects and bodies (docs/EVENTS.md). An
 * event names what changed by the graph's own keys (opaque ids, SKUs); a subscriber reads the rest
 * through the graph under its own access rules, and the KPI read model keeps the sales facts.
 */

/** Where a sale was made, as the KPIs count channels. */
export type KpiChannel = 'WEB' | 'APP' | 'STORE' | 'MARKETPLACE' | 'ASSISTED';

export interface MoneyFact {
  /** Decimal string, as the graph's Money. */
  amount: string;
  currency: string;
}

/** The graph's Money as an event carries it. */
export const moneyFact = (money: { amount: string; currencyCode: string }): MoneyFact => ({
  amount: money.amount,
  currency: money.currencyCode,
});

export interface OrderStatusEvent {
  orderId: string;
  /** The graph's OrderStatus. */
  status: string;
  customerId: string | null;
}

export interface StockEvent {
  locationId: string;
  sku: string;
}

/** A product's catalogue record (name, price, special price, status) changed in the web shop. */
export interface CatalogueProductEvent {
  sku: string;
}

/** A customer's CRM partner record (name, contact details, address, opt-outs) was saved, by anyone. */
export interface CrmPartnerEvent {
  partnerId: number;
}

export interface PickupQueueEvent {
  locationId: string;
  orderId: string;
}

export type CustomerActivityKind = 'ORDER' | 'INTERACTION' | 'PROFILE' | 'LOYALTY';

export interface CustomerActivityEvent {
  customerId: string;
  kind: CustomerActivityKind;
  /** The order, interaction or change it was about, when it has an id. */
  subjectId: string | null;
}

/** An order placed (or a till receipt): what the KPIs count as a sale. */
export interface SaleEvent {
  orderId: string;
  channel: KpiChannel;
  /** The store it was sold at or is collected from (a Location id); null for a delivery order. */
  locationId: string | null;
  placedAt: string;
  revenue: MoneyFact;
  units: number;
  clickAndCollect: boolean;
  /** The cart it was checked out from, for cart-to-order conversion. */
  cartId: string | null;
}

export interface ReturnEvent {
  /** The return's own key (a refund, a return receipt): the same return is counted once. */
  returnId: string;
  orderId: string;
  channel: KpiChannel;
  locationId: string | null;
  at: string;
  refund: MoneyFact;
  units: number;
}

export interface CartEvent {
  cartId: string;
  channel: KpiChannel;
  locationId: string | null;
  at: string;
}

/**
 * The KPI read model took in a sales event (a sale, a return, a cart, a cancellation): its figures
 * changed. Published by the kpis subgraph after the write, so a subscriber that reads `channelKpis`
 * on it reads figures that include the change (the sales event itself may arrive first).
 */
export interface KpisUpdatedEvent {
  /** The sales event's subject and stream sequence. */
  cause: string;
  sequence: number;
}

/** An identity replica stored changed customer records, or took a decision: the others take them in from the store. */
export interface IdentityDirectoryEvent {
  what: 'records' | 'decisions';
  /** The replica that changed them (it has them already). */
  replica: string;
}

const TOKEN = /^[A-Za-z0-9_:@-]+$/;

/** A value as one subject token: as it is when it can be, else a digest (never a `.`, `*` or `>`). */
export function subjectToken(value: string): string {
  return TOKEN.test(value) ? value : `h-${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
}

export const SUBJECTS = {
  orderStatus: (orderId: string) => `order.status.${subjectToken(orderId)}`,
  stock: (locationId: string, sku: string) => `stock.${subjectToken(locationId)}.${subjectToken(sku)}`,
  pickupQueue: (locationId: string) => `pickup-queue.${subjectToken(locationId)}`,
  catalogueProduct: (sku: string) => `catalogue.product.${subjectToken(sku)}`,
  crmPartner: (partnerId: number) => `crm.partner.${partnerId}`,
  customerActivity: (customerId: string) => `customer.activity.${subjectToken(customerId)}`,
  sale: (channel: KpiChannel) => `sales.order.${channel}`,
  saleReturn: (channel: KpiChannel) => `sales.return.${channel}`,
  cart: (channel: KpiChannel) => `sales.cart.${channel}`,
  kpisUpdated: () => 'kpis.updated',
  identityDirectory: (what: IdentityDirectoryEvent['what']) => `identity.directory.${what}`,
} as const;

/**
 * Publishes domain events for one source (a subgraph, a feed follower). A publish never fails its
 * caller's work: the change has happened in the system of record, so a broker that is down is
 * logged and the change is missed by live subscribers only (the KPI read model and the feeds
 * catch up from the systems themselves). Ids make a change published twice (two replicas, a
 * retried feed round) count once.
 */
export class LiveEvents {
  constructor(
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private send(subject: string, data: object, id: string): Promise<void> {
    return eventBus(this.env)
      .then((bus) => bus.publish(subject, data as Record<string, unknown>, { id }))
      .catch((error: unknown) => this.log.warn({ err: error, subject }, 'an event could not be published'));
  }

  orderStatus(event: OrderStatusEvent): Promise<void> {
    return this.send(SUBJECTS.orderStatus(event.orderId), event, `order:${event.orderId}:${event.status}`);
  }

  /** `change` tells one movement from the next (a receipt key, a document number, a reservation). */
  stock(event: StockEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.stock(event.locationId, event.sku), event, `stock:${event.locationId}:${event.sku}:${change}`);
  }

  /**
   * One movement changed stock at ERP plants (a reservation made or released, a goods issue, a till
   * receipt): a `stock` event per SKU and plant, named after the movement (`change`), so every
   * publisher of the same movement publishes the same event. Does not wait for the broker.
   */
  stockMoved(moved: Iterable<{ plant: string; sku: string }>, change: string): void {
    const told = new Set<string>();
    for (const { plant, sku } of moved) {
      if (told.has(`${plant} ${sku}`)) continue;
      told.add(`${plant} ${sku}`);
      void this.stock({ locationId: locationId(plant), sku }, change);
    }
  }

  /** `change` tells one version of the product from the next (its update time and content). */
  catalogueProduct(event: CatalogueProductEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.catalogueProduct(event.sku), event, `catalogue:${event.sku}:${change}`);
  }

  /** `change` tells one save of the partner from the next. */
  crmPartner(event: CrmPartnerEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.crmPartner(event.partnerId), event, `crm-partner:${event.partnerId}:${change}`);
  }

  pickupQueue(event: PickupQueueEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.pickupQueue(event.locationId), event, `pickup:${event.locationId}:${event.orderId}:${change}`);
  }

  customerActivity(event: CustomerActivityEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.customerActivity(event.customerId), event, `activity:${event.customerId}:${event.kind}:${change}`);
  }

  sale(event: SaleEvent): Promise<void> {
    return this.send(SUBJECTS.sale(event.channel), event, `sale:${event.orderId}`);
  }

  saleReturn(event: ReturnEvent): Promise<void> {
    return this.send(SUBJECTS.saleReturn(event.channel), event, `return:${event.returnId}`);
  }

  cart(event: CartEvent): Promise<void> {
    return this.send(SUBJECTS.cart(event.channel), event, `cart:${event.cartId}`);
  }

  /** `change` tells one change of the replica's from its next. */
  identityDirectory(event: IdentityDirectoryEvent, change: string): Promise<void> {
    return this.send(SUBJECTS.identityDirectory(event.what), event, `identity-directory:${event.replica}:${change}`);
  }

  /** Named after the sales event taken in: every replica of the read model that applies it publishes one event. */
  kpisUpdated(event: KpisUpdatedEvent): Promise<void> {
    return this.send(SUBJECTS.kpisUpdated(), event, `kpis:${event.sequence}`);
  }
}
