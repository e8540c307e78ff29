import { isAxiosError } from 'axios';
import { BusinessRuleError } from '../../lib/errors';

/**
 * Refusals: Magento's 4xx answers (a message template and its placeholders), turned into the retail
 * refusals (`BusinessRuleError` codes) the commerce subgraph acts on. Anything else a call throws
 * passes through as it is.
 */

type MessageParameters = (string | number)[] | Record<string, string | number>;

/** A 4xx answer: Magento's message template (what to match on) and its placeholders filled in (what to show). */
export interface Refusal {
  status: number;
  template: string;
  parameters: MessageParameters;
  message: string;
}

/** Fills Magento's `%1` (positional) and `%fieldName` (named) placeholders. */
function fillPlaceholders(template: string, parameters: MessageParameters): string {
  if (Array.isArray(parameters)) return template.replace(/%(\d+)/g, (match, n: string) => String(parameters[Number(n) - 1] ?? match));
  return template.replace(/%([A-Za-z_]\w*)/g, (match, name: string) => (name in parameters ? String(parameters[name]) : match));
}

/** The refusal inside a failed call, or null when it is not one (LegacyHttp already turned outages into SystemUnavailableError). */
export function refusalOf(error: unknown): Refusal | null {
  if (!isAxiosError(error) || !error.response || error.response.status < 400 || error.response.status >= 500) return null;
  const body = error.response.data as { message?: unknown; parameters?: MessageParameters } | undefined;
  if (typeof body?.message !== 'string') return null;
  const parameters = body.parameters ?? [];
  return { status: error.response.status, template: body.message, parameters, message: fillPlaceholders(body.message, parameters) };
}

const isMissing = (refusal: Refusal, fieldName: string) =>
  refusal.template === 'No such entity with %fieldName = %fieldValue' &&
  !Array.isArray(refusal.parameters) &&
  refusal.parameters.fieldName === fieldName;

/** Magento's "document validation" refusals (shipments, credit memos): a header line, then one reason a line. */
const reasonsOf = (refusal: Refusal) => refusal.message.split('\n').slice(1).join(' ').trim() || refusal.message;

/** Refusals of the calls that name a web account by id. */
export function customerRefusal(refusal: Refusal): BusinessRuleError | null {
  return isMissing(refusal, 'customerId') ? new BusinessRuleError('CUSTOMER_NOT_FOUND', 'No web account has this id.') : null;
}

const STOCK_REFUSALS = ['The requested qty is not available', 'Product that you are trying to add is not available.'];

/** Refusals of the cart and checkout routes, the same on the guest routes and the back office's. */
export function cartRefusal(refusal: Refusal): BusinessRuleError | null {
  if (STOCK_REFUSALS.includes(refusal.template))
    return new BusinessRuleError('INSUFFICIENT_STOCK', 'Not enough stock is available for the quantity asked.');
  if (refusal.template.startsWith("The product that was requested doesn't exist"))
    return new BusinessRuleError('UNKNOWN_SKU', 'No product has this SKU.', ['sku']);
  if (isMissing(refusal, 'cartId'))
    return new BusinessRuleError('CART_NOT_FOUND', 'The cart does not exist or has already been checked out.');
  if (refusal.template === 'Please enter a number greater than 0 in this field.')
    return new BusinessRuleError('INVALID_QUANTITY', 'The quantity must be more than 0.', ['quantity']);
  if (refusal.template.startsWith("The shipping method can't be set for an empty cart"))
    return new BusinessRuleError('CART_EMPTY', 'The cart is empty.');
  if (refusal.template.startsWith('The shipping method is missing'))
    return new BusinessRuleError('SHIPPING_NOT_SET', 'Choose delivery or click & collect before placing the order.');
  if (
    refusal.template === 'A pickup location is required for In-Store Pickup Delivery.' ||
    refusal.template.startsWith('Pickup Location "%1" is not available')
  ) {
    return new BusinessRuleError('NOT_A_STORE', 'This location does not take click & collect orders.', ['pickupSourceCode']);
  }
  if (
    refusal.template.startsWith('Invalid value of "%value" provided for the %fieldName field.') &&
    !Array.isArray(refusal.parameters) &&
    refusal.parameters.fieldName === 'email'
  ) {
    return new BusinessRuleError('INVALID_EMAIL', 'The email address is not valid.', ['email']);
  }
  return null;
}

const ORDER_NOT_FOUND_TEMPLATE = "The entity that was requested doesn't exist. Verify the entity and try again.";

export function orderRefusal(refusal: Refusal): BusinessRuleError | null {
  return refusal.template === ORDER_NOT_FOUND_TEMPLATE ? new BusinessRuleError('ORDER_NOT_FOUND', 'No web order has this id.') : null;
}

export function shipmentRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.startsWith('Shipment Document Validation Error(s):'))
    return new BusinessRuleError('ORDER_NOT_SHIPPABLE', reasonsOf(refusal));
  if (refusal.template === 'Not all of your products are available in the requested quantity.') {
    return new BusinessRuleError('INSUFFICIENT_STOCK', 'The location does not hold enough stock to ship the order.');
  }
  if (refusal.template === 'Source with code "%value" does not exist.')
    return new BusinessRuleError('LOCATION_NOT_FOUND', 'The web shop does not know this location.');
  return orderRefusal(refusal);
}

export function refundRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.startsWith('Creditmemo Document Validation Error(s):'))
    return new BusinessRuleError('ORDER_NOT_REFUNDABLE', reasonsOf(refusal));
  return orderRefusal(refusal);
}

export function assignmentRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template.includes('the customer already has an active cart')) {
    return new BusinessRuleError('CUSTOMER_HAS_CART', 'The customer already has a cart: merge the guest cart into it.');
  }
  if (refusal.template.includes("the cart isn't anonymous"))
    return new BusinessRuleError('CART_ALREADY_ASSIGNED', 'The cart already belongs to a customer.');
  return customerRefusal(refusal) ?? cartRefusal(refusal);
}

/** Runs a call, throwing the retail refusal for a refusal the table knows, else what the call threw. */
export async function refusing<T>(call: Promise<T>, translate: (refusal: Refusal) => BusinessRuleError | null): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const refusal = refusalOf(error);
    throw (refusal && translate(refusal)) ?? error;
  }
}

/** A read that answers null for a 404 (no such cart, order or product). */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (refusalOf(error)?.status === 404) return null;
    throw error;
  }
}

/** Refusals of a web account's save: an email another account holds, an address Magento cannot take. */
export function accountRefusal(refusal: Refusal): BusinessRuleError | null {
  if (refusal.template === 'A customer with the same email address already exists in an associated website.') {
    return new BusinessRuleError('EMAIL_TAKEN', 'Another web account already has this email address.', ['email']);
  }
  if (refusal.template.startsWith('Invalid value of "%value" provided for the %fieldName field.'))
    return new BusinessRuleError('INVALID_VALUE', 'The web shop refused a value of this change.');
  return customerRefusal(refusal);
}
