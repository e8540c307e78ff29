import { useTranslation } from 'react-i18next';

export function StoreScreen() {
  const { t } = useTranslation('store');
  return <h1>{t('title')}</h1>;
}
