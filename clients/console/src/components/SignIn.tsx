import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';

/** The signed-out page: one button to the identity provider, where staff choose their account. */
export function SignIn({ onSignIn, notice }: { onSignIn: () => Promise<void>; notice?: string }) {
  const { t } = useTranslation('shell');
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in">
      <h1>{t('appName')}</h1>
      <p>{t('signInLead')}</p>
      {notice && <p role="alert">{notice}</p>}
      <button
        className="primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onSignIn().catch(() => setBusy(false));
        }}
      >
        {busy ? t('signingIn') : t('signIn')}
      </button>
      <LanguageSwitch />
    </main>
  );
}
