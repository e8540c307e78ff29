/**
 * Stock as a customer sees it, from the ERP's figures and the till sales it has not booked: one
 * formula for the graph (inventory) and for every stock decision (commerce). Pure computation.
 */

/** The figures a stock level is computed from; a figure a request did not carry is undefined. */
export interface StockInputs {
  erpOnHand?: number;
  erpReserved?: number;
  unpostedSales?: number;
}

/** A point on the map. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** The IUGG mean Earth radius. */
const EARTH_RADIUS_KM = 6371.0088;

/** A figure the gateway must send for this field; missing, the supergraph and this code disagree. */
function required(value: number | undefined, name: string): number {
  if (value === undefined || value === null) throw new Error(`the gateway sent no ${name}`);
  return value;
}

/** Units there now: the ERP's figure less the sales it has not booked; never below nothing. */
export function onHand(figures: Pick<StockInputs, 'erpOnHand' | 'unpostedSales'>): number {
  return Math.max(0, required(figures.erpOnHand, 'erpOnHand') - required(figures.unpostedSales, 'unpostedSales'));
}

/** Units open orders hold. */
export function reserved(figures: Pick<StockInputs, 'erpReserved'>): number {
  return required(figures.erpReserved, 'erpReserved');
}

/** Units a customer can buy now: on hand less what open orders hold, never below zero. */
export function available(figures: Pick<StockInputs, 'erpOnHand' | 'unpostedSales' | 'erpReserved'>): number {
  return Math.max(0, onHand(figures) - reserved(figures));
}

/** Great-circle distance (haversine), in km. */
export function distanceKm(from: GeoPoint, to: GeoPoint): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
