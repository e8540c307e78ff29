import { BadUserInputError } from '../../lib/errors';
import { plantOfLocation, retailStoreOfPlant } from '../../lib/ids';
import {
  type Buyer,
  type CatalogProduct,
  type LineToPrice,
  type Pricing,
  type PricingChannel,
  priceAt,
  type WebCartDetail,
} from '../../connectors/ecommerce';
import type { Context } from './context';
import { loadAll } from './loaders';

/**
 * A cart's priced lines and a counter's quote: the catalogue's price of the moment, through the one
 * promotions evaluator (connectors/ecommerce/promotions.ts), for the channel asked.
 */

const MAX_QUOTE_LINES = 100;
const MAX_VOUCHER_LENGTH = 64;

export interface PricingAnswer extends Pricing {
  voucherRefusal: { code: string; message: string } | null;
}

/** The POS store number of a store's Location id, for the STORE channel; null on the others. */
function storeCodeOf(channel: PricingChannel, storeLocationId: string | null | undefined): string | null {
  if (channel !== 'STORE') return null;
  if (!storeLocationId) throw new BadUserInputError('A price at the counter needs the store (storeLocationId).', 'storeLocationId');
  const plant = plantOfLocation(storeLocationId);
  const store = plant === null ? null : retailStoreOfPlant(plant);
  if (store === null) throw new BadUserInputError('storeLocationId is not a store’s location id.', 'storeLocationId');
  return store;
}

function voucherOf(code: string | null | undefined): string | null {
  const voucher = code?.trim() ?? '';
  if (voucher.length > MAX_VOUCHER_LENGTH)
    throw new BadUserInputError(`voucherCode is at most ${MAX_VOUCHER_LENGTH} characters.`, 'voucherCode');
  return voucher === '' ? null : voucher;
}

async function priced(
  context: Context,
  lines: { sku: string; quantity: number }[],
  request: { channel: PricingChannel; storeCode: string | null; buyer: Buyer; voucherCode: string | null },
): Promise<PricingAnswer> {
  const products = await loadAll(
    context.loaders.product,
    lines.map((line) => line.sku),
  );
  const toPrice: LineToPrice[] = lines.map((line, i) => {
    const product: CatalogProduct | null = products[i];
    if (!product) throw new BadUserInputError(`${line.sku} is not in the catalogue.`, `lines.${i}.sku`);
    return { sku: product.sku, quantity: line.quantity, unitPrice: priceAt(product, context.now).price, categoryId: product.categoryId };
  });
  const { pricing, refusal } = await context.promotions.price({ ...request, lines: toPrice, at: context.now });
  return { ...pricing, voucherRefusal: refusal && { code: refusal.code, message: refusal.message } };
}

/** Cart.pricing: the cart's lines as they stand, for its own buyer (guest, signed in, member), on the channel asked. */
export function cartPricing(
  cart: WebCartDetail,
  args: { channel: PricingChannel; storeLocationId?: string | null; voucherCode?: string | null },
  context: Context,
): Promise<PricingAnswer> {
  const request = {
    channel: args.channel,
    storeCode: storeCodeOf(args.channel, args.storeLocationId),
    buyer: cart.buyer,
    voucherCode: voucherOf(args.voucherCode),
  };
  return priced(context, cart.lines, request);
}

/** Query.priceQuote: lines without a cart, as a counter quotes them. */
export function priceQuote(
  input: {
    lines: readonly { sku: string; quantity: number }[];
    channel: PricingChannel;
    storeLocationId?: string | null;
    loyaltyMember?: boolean;
    voucherCode?: string | null;
  },
  context: Context,
): Promise<PricingAnswer> {
  if (input.lines.length === 0 || input.lines.length > MAX_QUOTE_LINES)
    throw new BadUserInputError(`A quote has 1 to ${MAX_QUOTE_LINES} lines.`, 'input.lines');
  input.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 999)
      throw new BadUserInputError('A quantity is a whole number from 1 to 999.', `input.lines.${i}.quantity`);
    if (line.sku.trim() === '' || line.sku.length > 64) throw new BadUserInputError('A SKU is 1 to 64 characters.', `input.lines.${i}.sku`);
  });
  return priced(
    context,
    input.lines.map((line) => ({ sku: line.sku.trim(), quantity: line.quantity })),
    {
      channel: input.channel,
      storeCode: storeCodeOf(input.channel, input.storeLocationId),
      buyer: input.loyaltyMember === true ? 'MEMBER' : 'GUEST',
      voucherCode: voucherOf(input.voucherCode),
    },
  );
}
