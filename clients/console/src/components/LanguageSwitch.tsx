import { useTranslation } from 'react-i18next';
import { chooseLanguage, Language, LANGUAGES } from '../i18n';

const NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };

export function LanguageSwitch() {
  const { t, i18n } = useTranslation('shell');
  return (
    <label className="language">
      {t('language')}{' '}
      <select value={i18n.language} onChange={(event) => chooseLanguage(event.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
