import { PosAnswerError } from './wire';

/** Store-local time and business days: the tills write local time with no zone, and every store is on one clock. */

/** All stores are in Vietnam: UTC+7 all year. */
const STORE_UTC_OFFSET = '+07:00';
const STORE_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const BUSINESS_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A till's local "2026-11-20T09:15:02" as an instant: "2026-11-20T09:15:02+07:00". */
export function storeTimeToIso(local: string): string {
  if (!LOCAL_TIME.test(local) || Number.isNaN(Date.parse(`${local}${STORE_UTC_OFFSET}`))) {
    throw new PosAnswerError(`not a store-local time: "${local}"`);
  }
  return `${local}${STORE_UTC_OFFSET}`;
}

/** What a till prints at an instant: store-local time to the second, no zone ("2026-11-20T09:15:02"). */
export function storeLocalTime(instant: Date): string {
  return new Date(instant.getTime() + STORE_UTC_OFFSET_MS).toISOString().slice(0, 19);
}

/** The stores' business day (local calendar day) at an instant. */
export function storeBusinessDay(instant: Date): string {
  return storeLocalTime(instant).slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isBusinessDay(text: string): boolean {
  return BUSINESS_DAY.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && addDays(text, 0) === text;
}
