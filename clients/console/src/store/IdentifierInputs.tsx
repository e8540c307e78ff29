import { useTranslation } from 'react-i18next';
import type { CustomerIdentifierKind } from '../generated/graphql';

/** What a customer gives at the counter to be found: their card, phone or email. */
const KINDS: CustomerIdentifierKind[] = ['PHONE', 'EMAIL', 'LOYALTY_CARD'];

/** The identifier's kind and value, as a counter form asks for them. */
export function IdentifierInputs({
  kind,
  value,
  onKind,
  onValue,
  id,
}: {
  kind: CustomerIdentifierKind;
  value: string;
  onKind: (kind: CustomerIdentifierKind) => void;
  onValue: (value: string) => void;
  id?: string;
}) {
  const { t } = useTranslation('store');
  return (
    <>
      <label>
        {t('customer.by')}{' '}
        <select value={kind} onChange={(event) => onKind(event.target.value as CustomerIdentifierKind)}>
          {KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`customer.kinds.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('customer.value')} <input id={id} value={value} onChange={(event) => onValue(event.target.value)} autoComplete="off" />
      </label>
    </>
  );
}
