import { pushSign } from './sign';

/** Push code 3: an order's status changed (a new order arrives as UNPAID). */
export const ORDER_STATUS_PUSH = 3;

/** How pushes are delivered: to whom, and how imperfectly (the marketplace guarantees no order, nor once-only). */
export interface PushSettings {
  /** The seller's callback URL; no pushes without one. */
  url: string | null;
  /** Extra deliveries of each push, sent after the batch it was in. */
  duplicates: number;
  /** Pushes are gathered for a moment and sent newest first. */
  outOfOrder: boolean;
  /** Share of pushes (0..1) never sent: the poll by update_time is what catches them. */
  dropRate: number;
}

export class PushSettingsError extends Error {}

/** Validates a partial update of the push settings. */
export function parsePushSettings(input: unknown): Partial<PushSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new PushSettingsError('push settings must be a JSON object');
  const out: Partial<PushSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'url' && (value === null || (typeof value === 'string' && /^https?:\/\//.test(value)))) out.url = value;
    else if (key === 'duplicates' && Number.isInteger(value) && (value as number) >= 0) out.duplicates = value as number;
    else if (key === 'outOfOrder' && typeof value === 'boolean') out.outOfOrder = value;
    else if (key === 'dropRate' && typeof value === 'number' && value >= 0 && value <= 1) out.dropRate = value;
    else throw new PushSettingsError(`bad push setting ${key}`);
  }
  return out;
}

/** How long out-of-order pushes are gathered before the batch is sent newest first. */
const GATHER_MS = 300;
/** A delivery not answered 2xx is tried again this many times, waiting longer each time. */
const RETRY_DELAYS_MS = [1_000, 2_000, 4_000];
const DELIVERY_TIMEOUT_MS = 3_000;

/**
 * Sends the marketplace's push notifications to the seller's callback URL, signed with the partner
 * key. Deliveries of one batch go one after the other; a failed one is retried in the background.
 */
export class PushNotifier {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;
  /** Pushes sent and answered 2xx, for the admin view. */
  delivered = 0;

  constructor(
    private readonly partnerKey: string,
    readonly settings: PushSettings,
  ) {}

  /** Queues an order status push. */
  orderStatus(shopId: number, orderSn: string, status: string, updateTime: number): void {
    if (this.settings.url === null || this.closed) return;
    if (this.settings.dropRate > 0 && Math.random() < this.settings.dropRate) return;
    const body = JSON.stringify({
      data: { ordersn: orderSn, status, completed_scenario: '', update_time: updateTime },
      shop_id: shopId,
      code: ORDER_STATUS_PUSH,
      timestamp: updateTime,
    });
    this.pending.push(body);
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.settings.outOfOrder ? GATHER_MS : 0);
  }

  /** Stops sending: what is queued or waiting for a retry is dropped. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    return this.sending;
  }

  private flush(): void {
    this.timer = null;
    const url = this.settings.url;
    const batch = this.settings.outOfOrder ? this.pending.reverse() : this.pending;
    this.pending = [];
    if (url === null) return;
    const copies = Array.from({ length: this.settings.duplicates }, () => batch).flat();
    this.sending = this.sending.then(async () => {
      for (const body of [...batch, ...copies]) await this.deliver(url, body, 0);
    });
  }

  private async deliver(url: string, body: string, attempt: number): Promise<void> {
    if (this.closed) return;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: pushSign(this.partnerKey, url, body) },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (response.ok) {
        this.delivered += 1;
        return;
      }
    } catch {
      // Unreachable or too slow: treated as a refusal.
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay !== undefined) setTimeout(() => void this.deliver(url, body, attempt + 1), delay).unref();
  }
}
