import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUPINGS, type Grouping } from './figures';
import { PERIODS, type Period } from './period';

export interface StoreChoice {
  siteCode: string;
  name: string;
}

interface Props {
  period: Period;
  grouping: Grouping;
  /** The store chosen (a site code), or null for every store the person may see. */
  store: string | null;
  /** The stores to choose from; none: no store filter (a manager of one store). */
  stores: StoreChoice[];
  onChange(change: { period?: Period; grouping?: Grouping; store?: string | null }): void;
}

/** What the report covers: the period, the grouping of its table, and for the back office the store. */
export function ReportFilters({ period, grouping, store, stores, onChange }: Props) {
  const { t } = useTranslation('reports');
  const id = useId();
  return (
    <form className="row report-filters" onSubmit={(event) => event.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-period`}>{t('period')}</label>
        <select id={`${id}-period`} value={period} onChange={(event) => onChange({ period: event.target.value as Period })}>
          {PERIODS.map((value) => (
            <option key={value} value={value}>
              {t(`periods.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-grouping`}>{t('grouping')}</label>
        <select id={`${id}-grouping`} value={grouping} onChange={(event) => onChange({ grouping: event.target.value as Grouping })}>
          {GROUPINGS.map((value) => (
            <option key={value} value={value}>
              {t(`groupings.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {stores.length > 0 && (
        <div className="field">
          <label htmlFor={`${id}-store`}>{t('store')}</label>
          <select id={`${id}-store`} value={store ?? ''} onChange={(event) => onChange({ store: event.target.value || null })}>
            <option value="">{t('allStores')}</option>
            {stores.map((choice) => (
              <option key={choice.siteCode} value={choice.siteCode}>
                {choice.name} ({choice.siteCode})
              </option>
            ))}
          </select>
        </div>
      )}
    </form>
  );
}
