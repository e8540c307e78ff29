import { ApolloProvider } from '@apollo/client/react';
import type { User } from 'oidc-client-ts';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './apollo';
import { App } from './App';
import { SignIn } from './components/SignIn';
import { ConsoleConfig, loadConfig } from './config';
import { StoreTimeZone } from './format';
import { startI18n } from './i18n';
import { CALLBACK_PATH, SessionContext, Staff, staffOf, userManagerFor } from './session';
import './styles.css';

const i18n = startI18n();

/** The path to come back to after signing in: where the person was when they were asked to. */
interface SignInState {
  returnTo: string;
}

function Console({ config, signedIn, notice }: { config: ConsoleConfig; signedIn: User | null; notice?: string }) {
  const users = useMemo(() => userManagerFor(config), [config]);
  const [staff, setStaff] = useState<Staff | null>(() =>
    signedIn && !signedIn.expired ? staffOf(signedIn.access_token, (signedIn.expires_at ?? 0) * 1000) : null,
  );
  const [expired, setExpired] = useState(false);
  // The token, read when a request leaves. One client and cache per person signed in: nothing the last one read shows to the next.
  const token = useMemo(() => ({ current: staff?.accessToken ?? '' }), [staff]);
  const client = useMemo(() => createApolloClient(config, () => token.current), [config, token]);

  useEffect(() => {
    if (!staff) return;
    const timer = window.setTimeout(
      () => {
        setExpired(true);
        setStaff(null);
      },
      Math.max(0, staff.expiresAt - Date.now()),
    );
    return () => window.clearTimeout(timer);
  }, [staff]);

  const signIn = () =>
    users.signinRedirect({ state: { returnTo: window.location.pathname + window.location.search } satisfies SignInState });
  if (!staff) return <SignIn onSignIn={signIn} notice={expired ? i18n.t('shell:expired') : notice} />;
  const signOut = async () => {
    await users.removeUser();
    await client.clearStore();
    setStaff(null);
  };
  return (
    <SessionContext.Provider value={{ staff, signOut }}>
      <StoreTimeZone.Provider value={config.storeTimeZone}>
        <ApolloProvider client={client}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </ApolloProvider>
      </StoreTimeZone.Provider>
    </SessionContext.Provider>
  );
}

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const config = await loadConfig();
  const users = userManagerFor(config);
  let notice: string | undefined;
  if (window.location.pathname === CALLBACK_PATH) {
    try {
      const user = await users.signinRedirectCallback();
      window.history.replaceState(null, '', (user.state as SignInState | undefined)?.returnTo ?? '/');
    } catch (error) {
      notice = i18n.t('shell:signInFailed', { reason: (error as Error).message });
      window.history.replaceState(null, '', '/');
    }
  }
  const signedIn = await users.getUser();
  root.render(
    <StrictMode>
      <Console config={config} signedIn={signedIn} notice={notice} />
    </StrictMode>,
  );
}

void start().catch((error: Error) => {
  const alert = document.createElement('p');
  alert.setAttribute('role', 'alert');
  alert.textContent = i18n.t('shell:startFailed', { reason: error.message });
  document.getElementById('root')!.replaceChildren(alert);
});
