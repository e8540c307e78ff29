import { useLazyQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../components/Problem';
import { StoreNearMeDocument, StoreNearMeQuery } from '../generated/graphql';
import { useFormat } from '../format';
import { EndlessAisle } from './EndlessAisle';
import { useWorkingStore } from './storeContext';

type Hours = NonNullable<NonNullable<StoreNearMeQuery['productVariant']>['nearbyAvailability']>[number]['location']['openingHours'];

/** Opening hours in one line: "every day" when each day is the same, else day by day. */
function OpeningHours({ hours }: { hours: Hours }) {
  const { t } = useTranslation('store');
  if (!hours || hours.length === 0) return <span className="muted">{t('nearMe.noHours')}</span>;
  const same = hours.length === 7 && hours.every((day) => day.opens === hours[0].opens && day.closes === hours[0].closes);
  if (same) return <span>{t('nearMe.everyDay', { opens: hours[0].opens, closes: hours[0].closes })}</span>;
  return <span>{hours.map((day) => `${t(`weekdays.${day.weekday}`)} ${day.opens}–${day.closes}`).join(' · ')}</span>;
}

/** "Where can I get this near me": the stores nearest this one that have the SKU now, and the endless aisle. */
export function NearMe() {
  const { t } = useTranslation('store');
  const format = useFormat();
  const store = useWorkingStore();
  const [sku, setSku] = useState('');
  const [search, { data, loading, error, called }] = useLazyQuery(StoreNearMeDocument, { fetchPolicy: 'network-only' });
  const lookUp = (event: FormEvent) => {
    event.preventDefault();
    if (sku.trim())
      void search({
        variables: {
          sku: sku.trim(),
          near: { latitude: store.coordinates.latitude, longitude: store.coordinates.longitude },
          storeId: store.id,
        },
      });
  };
  const variant = data?.productVariant;
  const nearby = variant?.nearbyAvailability ?? [];
  return (
    <section aria-labelledby="near-me-title">
      <h2 id="near-me-title">{t('nearMe.title')}</h2>
      <form className="row" onSubmit={lookUp}>
        <label>
          {t('lines.sku')} <input value={sku} onChange={(event) => setSku(event.target.value)} autoComplete="off" />
        </label>
        <button type="submit" className="primary" disabled={!sku.trim() || loading}>
          {t('nearMe.search')}
        </button>
      </form>
      <Problem error={error} />
      {loading && <p>{t('loading')}</p>}
      {called && !loading && data && !variant && <p className="muted">{t('nearMe.unknownSku')}</p>}
      {variant && (
        <>
          <p>
            <strong>{variant.name}</strong> <span className="muted">({variant.sku})</span> · {format.money(variant.price)}
          </p>
          {/* Unknown (the stock system did not answer; <Problem> names it) is not the same as none. */}
          {variant.stockAt ? (
            <p>{variant.stockAt.available > 0 ? t('nearMe.onShelf', { count: variant.stockAt.available }) : t('nearMe.notOnShelf')}</p>
          ) : (
            <p className="muted">{error ? t('nearMe.shelfUnknown') : t('nearMe.notOnShelf')}</p>
          )}
          {nearby.length === 0 ? (
            <p className="muted">{t('nearMe.none')}</p>
          ) : (
            <table aria-label={t('nearMe.listLabel', { sku: variant.sku })}>
              <thead>
                <tr>
                  <th>{t('nearMe.store')}</th>
                  <th className="number">{t('nearMe.distance')}</th>
                  <th className="number">{t('nearMe.available')}</th>
                  <th>{t('nearMe.hours')}</th>
                </tr>
              </thead>
              <tbody>
                {nearby.map((stock) => (
                  <tr key={stock.location.id}>
                    <td>
                      <strong>{stock.location.name}</strong>
                      {stock.location.id === store.id && <span className="badge">{t('nearMe.thisStore')}</span>}
                      <br />
                      <span className="muted">
                        {[stock.location.address.street, stock.location.address.city].filter(Boolean).join(', ')}
                      </span>
                    </td>
                    <td className="number">{t('nearMe.km', { km: format.number(stock.distanceKm, 1) })}</td>
                    <td className="number">{format.number(stock.available)}</td>
                    <td>
                      <OpeningHours hours={stock.location.openingHours} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <EndlessAisle key={variant.sku} sku={variant.sku} />
        </>
      )}
    </section>
  );
}
