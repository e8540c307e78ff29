import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import { AgentChangeAddressDocument, AgentProfileChangesDocument } from '../generated/graphql';
import { FormActions } from '../components/FormActions';
import { UserErrors } from '../components/UserErrors';

/** A Vietnamese full name as a delivery label wants it: the given name is the last word, the family and middle names before it. */
function splitName(fullName: string): { lastName: string; firstName: string } {
  const words = fullName.trim().split(/\s+/);
  return { firstName: words.at(-1) ?? '', lastName: words.slice(0, -1).join(' ') };
}

/** The customer's new default delivery address, asked for on their behalf; where it lands shows below in the profile changes. */
export function AddressChange(props: { customerId: string; fullName: string; onSaved(): void; onCancel(): void }) {
  const { customerId, fullName, onSaved, onCancel } = props;
  const { t } = useTranslation('agent');
  const [name, setName] = useState(() => splitName(fullName));
  const [street, setStreet] = useState('');
  const [city, setCity] = useState('');
  const [change, { data, loading, error }] = useMutation(AgentChangeAddressDocument, {
    // The new change joins the list, which then polls until every system has it.
    refetchQueries: [{ query: AgentProfileChangesDocument, variables: { customerId } }],
  });

  const [idempotencyKey, answered] = useActionKey();
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await change({
      variables: {
        input: {
          customerId,
          deliveryAddress: { ...name, street: [street.trim()], city: city.trim() },
          idempotencyKey,
        },
      },
    });
    answered(result.data);
    if (result.data?.updateCustomerProfile.profileChange) onSaved();
  };

  return (
    <form className="agent-form" onSubmit={(event) => void save(event)} aria-labelledby="agent-address">
      <h3 id="agent-address">{t('address.heading')}</h3>
      <div className="row">
        <label>
          <span>{t('address.lastName')}</span>
          <input value={name.lastName} onChange={(event) => setName({ ...name, lastName: event.target.value })} required />
        </label>
        <label>
          <span>{t('address.firstName')}</span>
          <input value={name.firstName} onChange={(event) => setName({ ...name, firstName: event.target.value })} required />
        </label>
      </div>
      <label>
        <span>{t('address.street')}</span>
        <input value={street} onChange={(event) => setStreet(event.target.value)} autoComplete="street-address" required />
      </label>
      <label>
        <span>{t('address.city')}</span>
        <input value={city} onChange={(event) => setCity(event.target.value)} autoComplete="address-level1" required />
      </label>
      <Problem error={error} />
      <UserErrors errors={data?.updateCustomerProfile.userErrors} />
      <FormActions
        busy={loading}
        submit={t('address.save')}
        working={t('address.saving')}
        cancel={t('address.cancel')}
        onCancel={onCancel}
      />
    </form>
  );
}
