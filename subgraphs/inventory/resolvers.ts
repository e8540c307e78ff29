import type { Context } from './context';
import type { Resolvers } from './generated/graphql';
import { available, onHand, reserved } from '../../lib/stock';
import { knownLevels, nearestStores, validateNearbyRequest } from './model';

export const resolvers: Resolvers<Context> = {
  StockLevel: {
    __resolveReference: (reference) => reference,
    onHand: (figures) => onHand(figures),
    reserved: (figures) => reserved(figures),
    available: (figures) => available(figures),
    asOf: (_figures, _args, context) => context.now.toISOString(),
  },
  ProductVariant: {
    __resolveReference: (reference) => reference,
    nearbyAvailability: (variant, args) => {
      validateNearbyRequest(args);
      // Without every store's stock (the ERP or the POS failed, and said so), there is nothing to rank.
      const levels = knownLevels(variant.stockLevels);
      return levels ? nearestStores(variant.sku, levels, args) : null;
    },
  },
  Location: {
    __resolveReference: (reference) => ({ id: reference.id }),
  },
};
