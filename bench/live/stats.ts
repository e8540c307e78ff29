import { summariseLatencies, type LatencySummary } from '../omnichannel/load';

/** Nearest-rank percentiles as part 2 reports them, with how many and the worst. */
export interface Summary extends LatencySummary {
  count: number;
  maxMs: number;
}

export function summary(valuesMs: readonly number[]): Summary {
  const max = valuesMs.reduce((worst, value) => Math.max(worst, value), Number.NEGATIVE_INFINITY);
  return { count: valuesMs.length, ...summariseLatencies(valuesMs), maxMs: valuesMs.length === 0 ? Number.NaN : Number(max.toFixed(1)) };
}
