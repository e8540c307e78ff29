import { useLazyQuery } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../components/Problem';
import { IdentifierInputs } from './IdentifierInputs';
import { CustomerIdentifierKind, StoreFindCustomerDocument, StoreFindCustomerQuery } from '../generated/graphql';

export type FoundCustomer = NonNullable<StoreFindCustomerQuery['customerByIdentifier']>;

/** Finds the customer at the counter by what they give: a phone, an email or a loyalty card. */
export function CustomerLookup({ id, onFound }: { id: string; onFound(customer: FoundCustomer | null): void }) {
  const { t } = useTranslation('store');
  const [kind, setKind] = useState<CustomerIdentifierKind>('PHONE');
  const [value, setValue] = useState('');
  const [find, found] = useLazyQuery(StoreFindCustomerDocument);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return;
    const { data } = await find({ variables: { kind, value: value.trim() } });
    onFound(data?.customerByIdentifier ?? null);
  };
  return (
    <div>
      <form className="row" onSubmit={(event) => void search(event)}>
        <IdentifierInputs kind={kind} value={value} onKind={setKind} onValue={setValue} id={id} />
        <button type="submit" disabled={!value.trim() || found.loading}>
          {t('customer.find')}
        </button>
      </form>
      <Problem error={found.error} />
      {found.called && !found.loading && !found.error && !found.data?.customerByIdentifier && <p className="muted">{t('customer.none')}</p>}
    </div>
  );
}
