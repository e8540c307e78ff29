import { useMutation } from '@apollo/client/react';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useActionKey } from '../components/useActionKey';
import { Problem } from '../components/Problem';
import { AddressInput, StorePlaceAssistedOrderDocument } from '../generated/graphql';
import { useFormat } from '../format';
import { CustomerLookup, FoundCustomer } from './CustomerLookup';
import { UserErrors } from '../components/UserErrors';
import { useWorkingStore } from './storeContext';

const EMPTY_ADDRESS: AddressInput = { firstName: '', lastName: '', street: [''], city: '', phone: '', email: '' };

/** The delivery details, from what the graph knows of the customer: a Vietnamese name's given name is its last word. */
function addressOf(customer: FoundCustomer): AddressInput {
  const words = customer.displayName.trim().split(/\s+/);
  return {
    ...EMPTY_ADDRESS,
    firstName: words[words.length - 1] ?? '',
    lastName: words.slice(0, -1).join(' '),
    phone: customer.phones[0] ?? '',
    email: customer.emails[0] ?? '',
  };
}

const FIELDS = ['lastName', 'firstName', 'phone', 'email', 'city'] as const;

/**
 * Endless aisle: the item is not on this shelf, so the associate orders it for the customer,
 * delivered to their address from a warehouse or another store (placeAssistedOrder).
 */
export function EndlessAisle({ sku }: { sku: string }) {
  const { t } = useTranslation('store');
  const format = useFormat();
  const store = useWorkingStore();
  const [customer, setCustomer] = useState<FoundCustomer | null>(null);
  const [address, setAddress] = useState<AddressInput>(EMPTY_ADDRESS);
  const [quantity, setQuantity] = useState(1);
  const [idempotencyKey, answered] = useActionKey();
  const [place, { data, loading, error }] = useMutation(StorePlaceAssistedOrderDocument);
  const found = (match: FoundCustomer | null) => {
    setCustomer(match);
    setAddress(match ? addressOf(match) : EMPTY_ADDRESS);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!customer) return;
    const { data: answer } = await place({
      variables: {
        customerId: customer.id,
        storeId: store.id,
        associateId: store.associateId,
        lines: [{ sku, quantity }],
        address,
        idempotencyKey,
      },
    });
    answered(answer);
  };
  const placed = data?.placeAssistedOrder;
  return (
    <section className="card endless-aisle" aria-labelledby="aisle-title">
      <h3 id="aisle-title">{t('aisle.title', { sku })}</h3>
      <p className="muted">{t('aisle.lead')}</p>
      <CustomerLookup id="aisle-customer" onFound={found} />
      {/* Once placed, the form is gone: a second tap cannot order it twice. */}
      {customer && !placed?.order && (
        <form onSubmit={(event) => void submit(event)} className="address">
          <p>
            <strong>{customer.displayName}</strong>
          </p>
          <div className="form-grid">
            {FIELDS.map((field) => (
              <label key={field}>
                {t(`aisle.${field}`)}
                <input required value={address[field]} onChange={(event) => setAddress({ ...address, [field]: event.target.value })} />
              </label>
            ))}
            <label>
              {t('aisle.street')}
              <input required value={address.street[0]} onChange={(event) => setAddress({ ...address, street: [event.target.value] })} />
            </label>
            <label>
              {t('lines.quantity')}
              <input
                type="number"
                min={1}
                value={quantity}
                onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))}
              />
            </label>
          </div>
          <button type="submit" className="primary" disabled={loading}>
            {t('aisle.place')}
          </button>
        </form>
      )}
      <Problem error={error} />
      <UserErrors errors={placed?.userErrors} />
      {placed?.order && (
        <p role="status" className="done">
          {t('aisle.placed', {
            number: placed.order.number,
            total: format.money(placed.order.totals.total),
            from: placed.fulfilledFrom?.name ?? '—',
          })}
        </p>
      )}
    </section>
  );
}
