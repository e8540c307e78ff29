import { isMarketplaceStatus, isoOfUnix, MarketplaceAnswerError, orderStatusOf } from './mapping';
import type { OrderStatusPush } from './records';
import { isSignedPush } from './signing';
import type { WirePush } from './wire';

/**
 * Push notifications, for the route that receives them: verified against the partner key, then read.
 * The marketplace repeats pushes, sends them out of order and sometimes not at all, so a push says
 * only "look at this order again": the receiver re-reads it and polls by update time as well.
 */

/** Code 3: an order's status changed (a new order arrives as UNPAID). */
const ORDER_STATUS_PUSH = 3;

/** A push whose signature does not match: refused, nothing read from it. */
export class PushSignatureError extends Error {
  constructor() {
    super('The push notification is not signed by the marketplace.');
    this.name = 'PushSignatureError';
  }
}

export interface ReceivedPush {
  /** The callback URL exactly as registered with the marketplace: the sign covers it. */
  callbackUrl: string;
  /** The body as received, byte for byte. */
  rawBody: string;
  authorization: string | undefined;
}

/**
 * A verified order status push; null for a verified push of another kind (nothing to do). Throws
 * PushSignatureError for a bad signature and MarketplaceAnswerError for a body it cannot read.
 */
export function orderStatusPushOf(partnerKey: string, push: ReceivedPush): OrderStatusPush | null {
  if (!isSignedPush(partnerKey, push.callbackUrl, push.rawBody, push.authorization)) throw new PushSignatureError();
  let body: WirePush;
  try {
    body = JSON.parse(push.rawBody) as WirePush;
  } catch {
    throw new MarketplaceAnswerError('a push that is not JSON');
  }
  if (body?.code !== ORDER_STATUS_PUSH) return null;
  const { ordersn, status, update_time } = body.data ?? {};
  if (typeof ordersn !== 'string' || !isMarketplaceStatus(status) || typeof update_time !== 'number')
    throw new MarketplaceAnswerError(`an order status push without its order, status or time: ${push.rawBody}`);
  return {
    shopId: body.shop_id,
    number: ordersn,
    status: orderStatusOf(status),
    marketplaceStatus: status,
    updatedAt: isoOfUnix(update_time),
  };
}
