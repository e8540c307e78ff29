import { BusinessRuleError } from '../../lib/errors';
import { exactScaledDecimal } from '../../lib/money';
import { type Buyer, type Pricing, type PricingChannel, priceAt } from '../../connectors/ecommerce';
import type { StockLine } from '../../connectors/warehouse';
import { checkCatalogue } from './checkout';
import type { CommerceServices } from './services';

/**
 * What a sale charges, on any channel: the catalogue's price of the moment through the one promotions
 * evaluator (connectors/ecommerce/promotions.ts). Checkout and the counter call this, so the web shop's
 * totals and the till's receipt carry the same discounts the graph shows.
 */

export interface PriceLinesRequest {
  lines: readonly StockLine[];
  channel: PricingChannel;
  /** The POS store number, on the STORE channel. */
  storeCode: string | null;
  /** Or the lookup that will tell, awaited once the catalogue is read. */
  buyer: Buyer | Promise<Buyer>;
  voucherCode: string | null;
}

/** The checkout channels as promotions know them: a store tablet sells through the website. */
export const PRICING_CHANNEL_OF: Record<string, PricingChannel> = {
  WEB: 'WEB',
  APP: 'APP',
  STORE_TABLET: 'WEB',
  CALL_CENTER: 'CALL_CENTER',
};

/** The lines priced; a voucher that cannot be used is refused with its code (VOUCHER_EXPIRED, ...) on `field`'s voucherCode. */
export async function priceLines(services: CommerceServices, request: PriceLinesRequest, field: string[]): Promise<Pricing> {
  const products = await checkCatalogue(
    services,
    request.lines.map((line) => line.sku),
    [...field, 'lines'],
  );
  const at = services.now();
  const lines = request.lines.map((line) => {
    const product = products.find((p) => p.sku.toLowerCase() === line.sku.toLowerCase())!;
    return { sku: product.sku, quantity: line.quantity, unitPrice: priceAt(product, at).price, categoryId: product.categoryId };
  });
  const voucherCode = request.voucherCode?.trim() || null;
  const buyer = await request.buyer;
  const { pricing, refusal } = await services.promotions.price({ ...request, buyer, voucherCode, lines, at });
  if (refusal) throw new BusinessRuleError(refusal.code, refusal.message, [...field, 'voucherCode']);
  return pricing;
}

/** Hundredths of the currency, as the till keeps amounts: decimal text, since the saga log is JSON. */
const hundredths = (amount: string) => exactScaledDecimal(amount, 2)!.toString();

/** The receipt's lines: the regular price, and each promotion as a POSLog price modifier naming it. */
export function tillLinesOf(pricing: Pricing) {
  return pricing.lines.map((line) => ({
    sku: line.sku,
    quantity: line.quantity,
    unitPrice: hundredths(line.unitPrice.amount),
    priceModifiers: line.discounts.map((discount) => ({
      amount: hundredths(discount.amount.amount),
      promotionId: String(discount.ruleId),
      description: discount.label,
    })),
  }));
}

/** What the customer pays, in the till's hundredths. */
export const tillTotalOf = (pricing: Pricing): bigint => BigInt(hundredths(pricing.total.amount));
