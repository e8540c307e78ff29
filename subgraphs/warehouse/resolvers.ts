import { GraphQLResolveInfo, Kind, SelectionNode } from 'graphql';
import { BadUserInputError } from '../../lib/errors';
import { locationId, plantOfLocation, retailStoreOfPlant } from '../../lib/ids';
import { connectionOf, pageOf } from '../../lib/relay';
import { distanceKm } from '../../lib/stock';
import type { Plant } from '../../connectors/warehouse';
import type { Context } from './context';
import type { Resolvers } from './generated/graphql';
import { damagedAt, erpOnHandAt, plantsHolding, reservedAt, StockPosition } from '../../connectors/warehouse';

const MAX_PAGE = 100;
/** SKUs one stock read may name: a shelf or a basket, not the catalogue. */
const MAX_SKUS = 50;

/** The plant a location id names; malformed ids are the caller's to fix and cost no ERP call. */
function plantOfInput(id: string, field: string): string {
  const plant = plantOfLocation(id);
  if (plant === null) throw new BadUserInputError(`${field} is not a location id`, field);
  return plant;
}

async function plantNamed(plant: string, context: Context): Promise<Plant | null> {
  return (await context.warehouse.plants()).byPlant.get(plant) ?? null;
}

/** A plant the stock rows name is always in the plant master: SAP keeps no stock at unknown plants. */
async function locationOf(position: StockPosition, context: Context): Promise<Plant> {
  const plant = await plantNamed(position.plant, context);
  if (!plant) throw new Error(`the ERP holds stock at plant ${position.plant}, which its plant master does not list`);
  return plant;
}

/** The fields selected on the field being resolved (through fragments too), by name. */
function fieldsAsked(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (selections: readonly SelectionNode[] | undefined) => {
    for (const selection of selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet.selections);
      else visit(info.fragments[selection.name.value]?.selectionSet.selections);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet?.selections);
  return names;
}

/**
 * Starts a read whose field comes later: that field awaits the same (cached) promise and reports
 * its failure where it always did; until then the failure is not unhandled.
 */
function readAhead(read: Promise<unknown>): void {
  read.catch(() => undefined);
}

export const resolvers: Resolvers<Context> = {
  Query: {
    location: (_parent, { id }, context) => plantNamed(plantOfInput(id, 'id'), context),
    locations: async (_parent, args, context) => {
      const page = pageOf(args, 50, MAX_PAGE);
      const plants = (await context.warehouse.plants()).byName.filter((plant) => !args.kind || plant.kind === args.kind);
      return connectionOf(plants.slice(page.offset, page.offset + page.limit), page, plants.length);
    },
    stockLevels: async (_parent, { skus, locationIds, near, radiusKm }, context) => {
      if (skus.length > MAX_SKUS) throw new BadUserInputError(`at most ${MAX_SKUS} SKUs at once`, 'skus');
      const wanted = locationIds?.map((id) => plantOfInput(id, 'locationIds'));
      const plants = (await context.warehouse.plants()).byPlant;
      const within = (plant: string) => {
        const known = plants.get(plant);
        if (!known) return false;
        return !near || distanceKm(near, { latitude: known.latitude, longitude: known.longitude }) <= (radiusKm ?? 50);
      };
      const levels = await Promise.all(
        [...new Set(skus)].map(async (sku) => {
          // Named locations each get a level (zeros where it never was); otherwise every plant that holds it.
          const held = wanted ?? plantsHolding(await context.warehouse.stockOfSku.load(sku));
          return held.filter(within).map((plant) => ({ sku, plant }));
        }),
      );
      return levels.flat();
    },
  },
  Location: {
    __resolveReference: (reference, context) => {
      const plant = plantOfLocation(reference.id);
      return plant === null ? null : plantNamed(plant, context);
    },
    id: (plant) => locationId(plant.plant),
    siteCode: (plant) => plant.plant,
    address: (plant) => ({ street: plant.street, city: plant.city, countryCode: plant.countryCode }),
    coordinates: (plant) => ({ latitude: plant.latitude, longitude: plant.longitude }),
  },
  ProductVariant: {
    __resolveReference: (reference) => ({ sku: reference.sku }),
    stockLevels: async (variant, _args, context, info) => {
      // Reservations are searched by SKU and postings by store (all of them): neither waits for the stock rows.
      const asked = fieldsAsked(info);
      if (asked.has('erpReserved')) readAhead(context.warehouse.reservationHoldsOfSku.load(variant.sku));
      if (asked.has('erpPostedThrough')) readAhead(context.warehouse.postedThrough());
      return plantsHolding(await context.warehouse.stockOfSku.load(variant.sku)).map((plant) => ({ sku: variant.sku, plant }));
    },
    stockAt: async (variant, { locationId: id }, context) => {
      const plant = plantOfInput(id, 'locationId');
      // A known plant that never held the SKU has none of it: zeros, not null.
      return (await plantNamed(plant, context)) ? { sku: variant.sku, plant } : null;
    },
  },
  StockLevel: {
    __resolveReference: (reference) => {
      const plant = plantOfLocation(reference.locationId);
      return plant === null ? null : { sku: reference.sku, plant };
    },
    locationId: (position) => locationId(position.plant),
    location: (position, _args, context) => locationOf(position, context),
    erpOnHand: async (position, _args, context) => erpOnHandAt(await context.warehouse.stockOfSku.load(position.sku), position.plant),
    damaged: async (position, _args, context) => damagedAt(await context.warehouse.stockOfSku.load(position.sku), position.plant),
    erpReserved: async (position, _args, context) =>
      reservedAt(await context.warehouse.reservationHoldsOfSku.load(position.sku), position.plant),
    erpPostedThrough: async (position, _args, context) => {
      const store = retailStoreOfPlant(position.plant);
      return store === null ? null : (await context.warehouse.postedThrough())(store);
    },
  },
};
