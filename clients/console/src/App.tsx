import { useQuery } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { ConsoleStoresDocument } from './generated/graphql';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ScreenBoundary } from './components/ScreenBoundary';
import { can, Staff, useSession } from './session';

// Each kind of work loads with its screen: a store's tablet never downloads the reports' charts.
const AgentScreen = lazy(() => import('./agent/AgentScreen').then((module) => ({ default: module.AgentScreen })));
const StoreScreen = lazy(() => import('./store/StoreScreen').then((module) => ({ default: module.StoreScreen })));
const ReportsScreen = lazy(() => import('./reports/ReportsScreen').then((module) => ({ default: module.ReportsScreen })));

/** The console's screens, each for the people whose roles may use it. */
const SCREENS = [
  { path: '/customers', nav: 'nav.customers', allowed: can.helpCustomers, element: <AgentScreen /> },
  { path: '/store', nav: 'nav.store', allowed: can.workCounter, element: <StoreScreen /> },
  { path: '/reports', nav: 'nav.reports', allowed: can.readReports, element: <ReportsScreen /> },
] as const;

const screensOf = (staff: Staff) => SCREENS.filter((screen) => screen.allowed(staff));

/** Who is signed in, and the stores they work at by name. */
function SignedInAs({ staff }: { staff: Staff }) {
  const { data } = useQuery(ConsoleStoresDocument, { skip: staff.stores.length === 0 });
  const names = new Map(data?.locations.edges.map(({ node }) => [node.siteCode, node.name]));
  const stores = staff.stores.map((code) => (names.has(code) ? `${names.get(code)} (${code})` : code));
  return (
    <span className="who" data-testid="signed-in-as">
      {staff.login}
      {stores.length > 0 && ` · ${stores.join(', ')}`}
    </span>
  );
}

export function App() {
  const { t } = useTranslation('shell');
  const { staff, signOut } = useSession();
  const screens = screensOf(staff);
  return (
    <div className="shell">
      <header>
        <span className="brand">{t('appName')}</span>
        <nav aria-label={t('appName')}>
          {screens.map((screen) => (
            <NavLink key={screen.path} to={screen.path}>
              {t(screen.nav)}
            </NavLink>
          ))}
        </nav>
        <SignedInAs staff={staff} />
        <LanguageSwitch />
        <button onClick={() => void signOut()}>{t('signOut')}</button>
      </header>
      <main>
        <ScreenBoundary>
          <Suspense fallback={<p className="muted">{t('loading')}</p>}>
            <Routes>
              {SCREENS.map((screen) => (
                <Route
                  key={screen.path}
                  path={`${screen.path}/*`}
                  element={screen.allowed(staff) ? screen.element : <p role="alert">{t('notAllowed')}</p>}
                />
              ))}
              <Route
                path="*"
                element={screens.length > 0 ? <Navigate to={screens[0].path} replace /> : <p role="alert">{t('noScreens')}</p>}
              />
            </Routes>
          </Suspense>
        </ScreenBoundary>
      </main>
    </div>
  );
}
