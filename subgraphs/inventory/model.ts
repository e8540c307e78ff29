import { BadUserInputError } from '../../lib/errors';
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
/** The IUGG mean Earth radius. */
const EARTH_RADIUS_KM = 6371.0088;

/** A figure the gateway must send for this field; missing, the supergraph and this code disagree. */
function required(value: number | undefined, name: string): number {
  if (value === undefined || value === null) throw new Error(`the gateway sent no ${name}`);
  return value;
}

/** Units there now: the ERP's figure less the sales it has not booked; never below nothing. */
export function onHand(figures: Pick<StockFigures, 'erpOnHand' | 'unpostedSales'>): number {
  return Math.max(0, required(figures.erpOnHand, 'erpOnHand') - required(figures.unpostedSales, 'unpostedSales'));
}

/** Units open orders hold. */
export function reserved(figures: Pick<StockFigures, 'erpReserved'>): number {
  return required(figures.erpReserved, 'erpReserved');
}

/** Units a customer can buy now: on hand less what open orders hold, never below zero. */
export function available(figures: Pick<StockFigures, 'erpOnHand' | 'unpostedSales' | 'erpReserved'>): number {
  return Math.max(0, onHand(figures) - reserved(figures));
}

/** Great-circle distance (haversine), in km. */
export function distanceKm(from: GeoPointInput, to: GeoPointInput): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function check(valid: boolean, message: string, field: string): void {
  if (!valid) throw new BadUserInputError(message, field);
}

/** Refuses a request no answer can satisfy, before any stock is looked at. */
export function validateNearbyRequest({ near, first, minimumQuantity, radiusKm }: NearbyRequest): void {
  check(Number.isFinite(near.latitude) && near.latitude >= -90 && near.latitude <= 90, 'near.latitude must be between -90 and 90', 'near.latitude');
  check(Number.isFinite(near.longitude) && near.longitude >= -180 && near.longitude <= 180, 'near.longitude must be between -180 and 180', 'near.longitude');
  check(Number.isInteger(first) && first >= 1 && first <= MAX_NEARBY, `first must be between 1 and ${MAX_NEARBY}`, 'first');
  check(Number.isInteger(minimumQuantity) && minimumQuantity >= 1, 'minimumQuantity must be at least 1', 'minimumQuantity');
  check(Number.isFinite(radiusKm) && radiusKm > 0 && radiusKm <= MAX_RADIUS_KM, `radiusKm must be more than 0 and at most ${MAX_RADIUS_KM}`, 'radiusKm');
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
      stockLevel: { sku, locationId: level.locationId, erpOnHand: level.erpOnHand, erpReserved: level.erpReserved, unpostedSales: level.unpostedSales },
    }));
}
