import type { RunningSystem } from '../../scripts/system';
import { eventually } from './eventually';
import { errorCodes, execute } from './graphql';
import { headersAs } from './tokens';

/**
 * Waits until the KPI read model has taken the systems' sales history in: the kpis subgraph reads it
 * after it is ready (a large estate's takes minutes) and answers KPIS_UNAVAILABLE until then.
 */
export async function kpisCaughtUp(system: RunningSystem, backOffice = 'steward'): Promise<void> {
  const headers = await headersAs(system, backOffice);
  const answer = await eventually(
    () =>
      execute<unknown, object>(
        system.gatewayUrl,
        `{ channelKpis(from: "2000-01-01T00:00:00+07:00", to: "2000-01-02T00:00:00+07:00") { totals { orders } } }`,
        {},
        headers,
      ),
    (read) => !errorCodes(read).includes('KPIS_UNAVAILABLE'),
    120,
  );
  if (errorCodes(answer).length > 0) throw new Error(`channelKpis is not answering: ${JSON.stringify(answer.errors)}`);
}
