import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { agentMessages } from './messages/agent';
import { reportMessages } from './messages/reports';
import { shellMessages } from './messages/shell';
import { storeMessages } from './messages/store';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const CHOICE_KEY = 'omnigraph-console-language';

/** Vietnamese unless this device chose English before. */
function chosenLanguage(): Language {
  const stored = window.localStorage.getItem(CHOICE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

/** One namespace per area of the console, each in both languages (messages/<area>.ts). */
export function startI18n() {
  const areas = { shell: shellMessages, agent: agentMessages, store: storeMessages, reports: reportMessages };
  const resources = Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      Object.fromEntries(Object.entries(areas).map(([area, messages]) => [area, messages[language]])),
    ]),
  );
  void i18next.use(initReactI18next).init({
    resources,
    lng: chosenLanguage(),
    fallbackLng: 'vi',
    defaultNS: 'shell',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function chooseLanguage(language: Language): void {
  window.localStorage.setItem(CHOICE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
