import { useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes, useSearchParams } from 'react-router';
import { Problem } from '../components/Problem';
import { StoreLocationsDocument } from '../generated/graphql';
import { useSession } from '../session';
import { CounterSale } from './CounterSale';
import { NearMe } from './NearMe';
import { PickupQueue } from './PickupQueue';
import { Returns } from './Returns';
import { WorkingStore, WorkingStoreContext } from './storeContext';
import './store.css';

const TABS = [
  { path: 'pickup', label: 'tabs.pickup', element: <PickupQueue /> },
  { path: 'counter', label: 'tabs.counter', element: <CounterSale /> },
  { path: 'near-me', label: 'tabs.nearMe', element: <NearMe /> },
  { path: 'returns', label: 'tabs.returns', element: <Returns /> },
] as const;

/**
 * The store associate's screen: the store comes from the sign-in's stores (a picker when there are
 * several); `?store=S101` names one in the address so a tablet can be bookmarked to its store. The
 * graph decides what the person may do there, and its refusal shows.
 */
export function StoreScreen() {
  const { t } = useTranslation('store');
  const { staff } = useSession();
  const [params, setParams] = useSearchParams();
  const [workstationId, setWorkstationId] = useState(1);
  const { data, loading, error } = useQuery(StoreLocationsDocument);
  const siteCode = params.get('store') ?? staff.stores[0];
  const location = data?.locations.edges.find(({ node }) => node.siteCode === siteCode)?.node;
  const store = useMemo<WorkingStore | null>(
    () => (location ? { ...location, workstationId, associateId: staff.login } : null),
    [location, workstationId, staff.login],
  );
  const chooseStore = (code: string) =>
    setParams((current) => {
      current.set('store', code);
      return current;
    });

  return (
    <section className="store-screen" aria-labelledby="store-title">
      <div className="row store-heading">
        <h1 id="store-title">{store ? t('titleAt', { store: store.name, code: store.siteCode }) : t('title')}</h1>
        {staff.stores.length > 1 && (
          <label>
            {t('chooseStore')}{' '}
            <select value={siteCode} onChange={(event) => chooseStore(event.target.value)}>
              {staff.stores.map((code) => (
                <option key={code} value={code}>
                  {data?.locations.edges.find(({ node }) => node.siteCode === code)?.node.name ?? code} ({code})
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="till">
          {t('workstation')}{' '}
          <input
            type="number"
            min={1}
            value={workstationId}
            onChange={(event) => setWorkstationId(Math.max(1, Number(event.target.value) || 1))}
          />
        </label>
      </div>
      <Problem error={error} />
      {!siteCode && <p role="alert">{t('noStore')}</p>}
      {siteCode && !store && (loading ? <p>{t('loading')}</p> : !error && <p role="alert">{t('unknownStore', { code: siteCode })}</p>)}
      {store && (
        <WorkingStoreContext.Provider value={store}>
          <nav className="tabs" aria-label={t('tabsLabel')}>
            {TABS.map((tab) => (
              <NavLink key={tab.path} to={{ pathname: `/store/${tab.path}`, search: params.toString() }}>
                {t(tab.label)}
              </NavLink>
            ))}
          </nav>
          <Routes>
            {TABS.map((tab) => (
              <Route key={tab.path} path={tab.path} element={tab.element} />
            ))}
            <Route path="*" element={<Navigate to={{ pathname: '/store/pickup', search: params.toString() }} replace />} />
          </Routes>
        </WorkingStoreContext.Provider>
      )}
    </section>
  );
}
