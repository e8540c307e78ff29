/** The periods a report covers, in whole retailer days ending with today. */
export const PERIODS = ['today', 'last7', 'last30'] as const;
export type Period = (typeof PERIODS)[number];
const DAYS_OF: Record<Period, number> = { today: 1, last7: 7, last30: 30 };

export const isPeriod = (value: string | null): value is Period => PERIODS.includes(value as Period);

/** The calendar day (YYYY-MM-DD) and UTC offset (+07:00) an instant has in a zone. */
function dayAndOffset(at: number, timeZone: string): { day: string; offset: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace('GMT', '') || '+00:00';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, offset };
}

/** A calendar day moved by whole days (date arithmetic on the calendar, not on instants). */
function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

export interface PeriodBounds {
  /** Midnight of the first day, with the zone's offset: what channelKpis takes. */
  from: string;
  /** Midnight after today: today's sales still to come fall inside, so live updates count them. */
  to: string;
  /** Each day of the period, oldest first (YYYY-MM-DD on the retailer's calendar). */
  days: string[];
}

/**
 * The period's bounds on the retailer's calendar (Asia/Ho_Chi_Minh, UTC+7 with no daylight saving:
 * today's offset holds for every day of the period), whatever the device's zone.
 */
export function boundsOf(period: Period, now: number, timeZone: string): PeriodBounds {
  const { day: today, offset } = dayAndOffset(now, timeZone);
  const days = Array.from({ length: DAYS_OF[period] }, (_, index) => addDays(today, index - DAYS_OF[period] + 1));
  return { from: `${days[0]}T00:00:00${offset}`, to: `${addDays(today, 1)}T00:00:00${offset}`, days };
}
