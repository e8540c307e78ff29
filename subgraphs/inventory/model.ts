import { BadUserInputError } from '../../lib/errors';
import { available, distanceKm } from '../../lib/stock';
import type { GeoPointInput, LocationKind } from './generated/graphql';

/**
 * Stock as a customer sees it, from the figures other subgraphs own: the ERP's (warehouse) and the
 * sales the ERP has not booked yet (pos). Pure computation: no legacy system is called here.
 */

/** A stock level as the gateway hands it over: its key and the figures this request needs. */
export interface StockFigures {
  sku: string;
  locationId: string;
  erpOnHand?: number;
  erpReserved?: number;
  unpostedSales?: number;
}

/** The required stock of a variant: each location's figures, with where and what the location is. */
export interface LocatedFigures {
  locationId: string;
  erpOnHand: number;
  erpReserved: number;
  unpostedSales: number;
  location: { kind: LocationKind; coordinates: { latitude: number; longitude: number } };
}

export interface VariantStock {
  sku: string;
  /** Null (or null levels) where the ERP or the POS could not answer; their errors say so. */
  stockLevels?: (LocatedFigures | null)[] | null;
}

export interface LocationReference {
  id: string;
}

export interface NearbyStore {
  location: LocationReference;
  distanceKm: number;
  available: number;
  stockLevel: StockFigures;
}

export interface NearbyRequest {
  near: GeoPointInput;
  first: number;
  minimumQuantity: number;
  radiusKm: number;
}

const MAX_NEARBY = 50;
const MAX_RADIUS_KM = 500;

function check(valid: boolean, message: string, field: string): void {
  if (!valid) throw new BadUserInputError(message, field);
}

/** Refuses a request no answer can satisfy, before any stock is looked at. */
export function validateNearbyRequest({ near, first, minimumQuantity, radiusKm }: NearbyRequest): void {
  check(
    Number.isFinite(near.latitude) && near.latitude >= -90 && near.latitude <= 90,
    'near.latitude must be between -90 and 90',
    'near.latitude',
  );
  check(
    Number.isFinite(near.longitude) && near.longitude >= -180 && near.longitude <= 180,
    'near.longitude must be between -180 and 180',
    'near.longitude',
  );
  check(Number.isInteger(first) && first >= 1 && first <= MAX_NEARBY, `first must be between 1 and ${MAX_NEARBY}`, 'first');
  check(Number.isInteger(minimumQuantity) && minimumQuantity >= 1, 'minimumQuantity must be at least 1', 'minimumQuantity');
  check(
    Number.isFinite(radiusKm) && radiusKm > 0 && radiusKm <= MAX_RADIUS_KM,
    `radiusKm must be more than 0 and at most ${MAX_RADIUS_KM}`,
    'radiusKm',
  );
}

/** Every level's figures, or null when any is unknown: ranking part of the stores would mislead. */
export function knownLevels(stockLevels: VariantStock['stockLevels']): LocatedFigures[] | null {
  if (!stockLevels) return null;
  return stockLevels.every((level): level is LocatedFigures => level !== null) ? stockLevels : null;
}

/** The stores within the radius that have enough available now, nearest first (then by id, for a stable order). */
export function nearestStores(sku: string, levels: LocatedFigures[], request: NearbyRequest): NearbyStore[] {
  return levels
    .filter((level) => level.location.kind === 'STORE')
    .map((level) => ({ level, exactKm: distanceKm(request.near, level.location.coordinates), units: available(level) }))
    .filter(({ exactKm, units }) => exactKm <= request.radiusKm && units >= request.minimumQuantity)
    .sort((a, b) => a.exactKm - b.exactKm || a.level.locationId.localeCompare(b.level.locationId))
    .slice(0, request.first)
    .map(({ level, exactKm, units }) => ({
      location: { id: level.locationId },
      distanceKm: Math.round(exactKm * 10) / 10,
      available: units,
      stockLevel: {
        sku,
        locationId: level.locationId,
        erpOnHand: level.erpOnHand,
        erpReserved: level.erpReserved,
        unpostedSales: level.unpostedSales,
      },
    }));
}
