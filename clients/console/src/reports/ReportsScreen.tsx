import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useQuery } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Problem, isRefusal } from '../components/Problem';
import { useFormat } from '../format';
import { ConsoleStoresDocument, ReportsChannelKpisChangedDocument, ReportsChannelKpisDocument } from '../generated/graphql';
import { useSession } from '../session';
import { CHANNELS, groupedBy, isGrouping, revenueByDay, type Grouping } from './figures';
import { ReportFilters, type StoreChoice } from './ReportFilters';
import { ReportSummary } from './ReportSummary';
import { ReportTable } from './ReportTable';
import { boundsOf, isPeriod, type Period } from './period';
import './reports.css';

// recharts is most of this screen's code: loaded when the reports are first opened, not with the console.
const ReportCharts = lazy(() => import('./ReportCharts'));

/**
 * Sales reports for store managers (their own stores) and the back office (every store, with a
 * store filter): a period's revenue, orders, average order value and click & collect share by
 * channel, store and day, updated as sales happen. What it shows is in the URL (`period`, `by`,
 * `store`), so a view can be shared; the graph decides whose figures may be read.
 */
export function ReportsScreen() {
  const { t } = useTranslation('reports');
  const { staff } = useSession();
  const { timeZone } = useFormat();
  const [params, setParams] = useSearchParams();
  const period: Period = isPeriod(params.get('period')) ? (params.get('period') as Period) : 'today';
  const grouping: Grouping = isGrouping(params.get('by')) ? (params.get('by') as Grouping) : 'channel';
  const store = params.get('store');
  const backOffice = staff.roles.includes('back-office');

  const locations = useQuery(ConsoleStoresDocument);
  const allStores = useMemo(() => locations.data?.locations.edges.map(({ node }) => node) ?? [], [locations.data]);
  const chosen = store === null ? null : allStores.find((candidate) => candidate.siteCode === store);
  const ownStores = allStores.filter((candidate) => staff.stores.includes(candidate.siteCode));
  const offered: StoreChoice[] = backOffice ? allStores : ownStores.length > 1 ? ownStores : [];
  // A store named in the URL is always offered, so the screen says which store was asked for (and refused).
  const choices = chosen && !offered.includes(chosen) ? [...(offered.length > 0 ? offered : ownStores), chosen] : offered;

  // Whole retailer days up to today, on the browser's clock (the store's zone, whatever the device's);
  // read again when the person picks another view, so a screen left open past midnight catches up then.
  const [now, setNow] = useState(() => Date.now());
  const bounds = useMemo(() => boundsOf(period, now, timeZone), [period, now, timeZone]);
  const chosenId = chosen?.id;
  const { from, to } = bounds;
  const variables = { from, to, locationIds: chosenId ? [chosenId] : undefined };
  /** One live feed per report: a new period or store subscribes afresh. */
  const feedKey = `${from} ${to} ${chosenId ?? ''}`;
  // Without a store named, a manager's report covers exactly their own stores (the graph's rule).
  const waitingForStore = store !== null && chosen === undefined;
  const report = useQuery(ReportsChannelKpisDocument, { variables, skip: waitingForStore });
  const kpis = report.data?.channelKpis ?? null;

  // The report whose live feed was lost.
  const [lostFor, setLostFor] = useState<string | null>(null);
  const liveLost = lostFor === feedKey;
  const { subscribeToMore } = report;
  const readable = kpis !== null && !isRefusal(report.error);
  useEffect(() => {
    if (!readable) return;
    // Each sale, return or cancellation sends the whole report again, read after the figures count it.
    return subscribeToMore({
      document: ReportsChannelKpisChangedDocument,
      variables: { from, to, locationIds: chosenId ? [chosenId] : undefined },
      // Nothing returned: the report stays as it was (an answer with no report, an error).
      updateQuery: (_previous, { subscriptionData }) => {
        const changed = subscriptionData.data?.channelKpisChanged;
        if (changed) setLostFor(null);
        return changed ? { __typename: 'Query', channelKpis: changed } : undefined;
      },
      // One update's GraphQL error does not end the feed; a lost connection (after graphql-ws's retries) does.
      onError: (error) => {
        if (!CombinedGraphQLErrors.is(error)) setLostFor(feedKey);
      },
    });
  }, [readable, subscribeToMore, from, to, chosenId, feedKey]);

  const change = (next: { period?: Period; grouping?: Grouping; store?: string | null }) => {
    setNow(Date.now());
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next.period) updated.set('period', next.period);
      if (next.grouping) updated.set('by', next.grouping);
      if (next.store !== undefined) {
        if (next.store === null) updated.delete('store');
        else updated.set('store', next.store);
      }
      return updated;
    });
  };

  const groups = useMemo(() => {
    if (!kpis) return [];
    const keys = grouping === 'channel' ? CHANNELS : grouping === 'day' ? bounds.days : [];
    const grouped = groupedBy(kpis.rows, grouping, keys);
    // Stores by name, the sales tied to no store last.
    return grouping === 'store' ? grouped.sort((a, b) => (a.storeName ?? '\uffff').localeCompare(b.storeName ?? '\uffff')) : grouped;
  }, [kpis, grouping, bounds.days]);

  return (
    <div className="reports">
      <header className="row reports-header">
        <h1>{t('title')}</h1>
        {readable && !liveLost && <span className="live badge">{t('live')}</span>}
      </header>
      <p className="muted">{t('lead')}</p>
      {!backOffice && ownStores.length > 0 && (
        <p className="muted">{t('yourStores', { stores: ownStores.map((own) => `${own.name} (${own.siteCode})`).join(', ') })}</p>
      )}
      <ReportFilters period={period} grouping={grouping} store={store} stores={choices} onChange={change} />
      {chosen && <p className="muted">{t('storeOnlyHint')}</p>}
      {liveLost && (
        <p className="problem" role="alert">
          {t('liveLost')}
        </p>
      )}
      <Problem error={locations.error} />
      <Problem error={report.error} />
      {store !== null && locations.data && chosen === undefined && (
        <p className="problem" role="alert">
          {t('unknownStore', { store })}
        </p>
      )}
      {!kpis && (report.loading || locations.loading) && <p className="muted">{t('shell:loading')}</p>}
      {kpis && (
        <>
          <ReportSummary totals={kpis.totals} />
          {kpis.totals.orders === 0 && <p className="muted">{t('noSales')}</p>}
          <Suspense fallback={<p className="muted">{t('loadingCharts')}</p>}>
            <ReportCharts byDay={revenueByDay(kpis.rows, bounds.days)} currency={kpis.totals.revenue.currencyCode} />
          </Suspense>
          <ReportTable groups={groups} grouping={grouping} currency={kpis.totals.revenue.currencyCode} />
        </>
      )}
    </div>
  );
}
