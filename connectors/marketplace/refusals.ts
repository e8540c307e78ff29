import { BusinessRuleError } from '../../lib/errors';

/**
 * The marketplace's refusals (`{"error":"error_param","message":"...","request_id":"..."}` with a
 * 4xx) as typed errors: what the caller can act on as `BusinessRuleError`s with retail codes, the
 * rest as errors that say whose problem it is. Outages (`error_server`, 5xx, and the rate limit's
 * 429) never get here: `lib/http` makes them `SystemUnavailableError` (MARKETPLACE_UNAVAILABLE).
 */

/** A refusal as the marketplace words it. */
export interface Refusal {
  status: number;
  /** `error_param`, `error_sign`, `error_auth`, `error_not_found`, `logistics.error_status`, ... */
  error: string;
  message: string;
}

/** The marketplace refused how we called it (a bad parameter or sign): a bug or a misconfiguration on our side. */
export class MarketplaceRequestError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`the marketplace refused the request: ${refusal.error} ${refusal.message}`);
    this.name = 'MarketplaceRequestError';
  }
}

/** The shop's authorisation is gone (a spent or expired refresh token, an access token refused right after a refresh): the shop owner must authorise the app again. */
export class MarketplaceAuthorizationError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`the marketplace refused the shop's authorisation: ${refusal.error} ${refusal.message}`);
    this.name = 'MarketplaceAuthorizationError';
  }
}

export const isAuthRefusal = (refusal: Refusal) => refusal.error === 'error_auth';
const isStatusRefusal = (refusal: Refusal) => refusal.error.endsWith('.error_status');

/** The refusal inside an answer, or null when it is a success. */
export function refusalOf(status: number, body: unknown): Refusal | null {
  const answer = body as { error?: unknown; message?: unknown } | null;
  if (status < 400 && (typeof answer?.error !== 'string' || answer.error === '')) return null;
  return {
    status,
    error: typeof answer?.error === 'string' && answer.error !== '' ? answer.error : `http_${status}`,
    message: typeof answer?.message === 'string' ? answer.message : '',
  };
}

/** What a call's refusal means to the caller: a retail refusal the call knows, else whose fault it is. */
export type Translate = (refusal: Refusal) => BusinessRuleError | null;

export function errorOf(refusal: Refusal, translate?: Translate): Error {
  return (
    translate?.(refusal) ?? (isAuthRefusal(refusal) ? new MarketplaceAuthorizationError(refusal) : new MarketplaceRequestError(refusal))
  );
}

/** Refusals of shipping an order: no such order, or one whose status does not allow it. */
export const shipmentRefusal: Translate = (refusal) => {
  if (refusal.error === 'error_not_found')
    return new BusinessRuleError('ORDER_NOT_FOUND', 'The marketplace has no order with this number.');
  if (isStatusRefusal(refusal))
    return new BusinessRuleError(
      'ORDER_NOT_SHIPPABLE',
      'The order cannot be shipped in its status (unpaid, cancelled or already shipped).',
    );
  return null;
};

/** Refusals of a change to a bundle deal: no such deal, or one whose time does not allow it (ended; not started yet, to end it). */
export const bundleDealRefusal: Translate = (refusal) => {
  if (refusal.error === 'error_not_found')
    return new BusinessRuleError('BUNDLE_DEAL_NOT_FOUND', 'The marketplace has no bundle deal with this id.');
  if (isStatusRefusal(refusal))
    return new BusinessRuleError(
      'BUNDLE_DEAL_NOT_CHANGEABLE',
      'The bundle deal cannot be changed in its state (ended, or not started yet).',
    );
  return null;
};
