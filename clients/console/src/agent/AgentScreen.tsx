import { useTranslation } from 'react-i18next';

export function AgentScreen() {
  const { t } = useTranslation('agent');
  return <h1>{t('title')}</h1>;
}
