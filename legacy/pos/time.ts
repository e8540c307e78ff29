/**
 * The POS writes store-local wall-clock time with no zone marker. All stores are in Vietnam
 * (UTC+7, no daylight saving), so one fixed offset converts both ways.
 */
const STORE_UTC_OFFSET_MS = 7 * 60 * 60 * 1000;

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const BUSINESS_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as the till prints it: "2026-11-20T09:15:02". */
export function toStoreLocalTime(instant: Date): string {
  return new Date(instant.getTime() + STORE_UTC_OFFSET_MS).toISOString().slice(0, 19);
}

/** The store-local calendar day of an instant: "2026-11-20". */
export function storeBusinessDay(instant: Date): string {
  return toStoreLocalTime(instant).slice(0, 10);
}

/** A real calendar day in YYYY-MM-DD form (rejects 2026-02-30). */
export function isBusinessDay(text: string): boolean {
  return BUSINESS_DAY.test(text) && roundTrips(`${text}T00:00:00`);
}

/** A real local date-time without zone, as the tills send it. */
export function isStoreLocalTime(text: string): boolean {
  return LOCAL_DATE_TIME.test(text) && roundTrips(text);
}

/** Date parsing rolls 02-30 over to 03-02; a real date survives the round trip unchanged. */
function roundTrips(localDateTime: string): boolean {
  const parsed = new Date(`${localDateTime}Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(localDateTime);
}
