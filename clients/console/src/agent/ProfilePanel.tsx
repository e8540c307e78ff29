import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';
import type { AgentCustomer360FieldsFragment } from '../generated/graphql';
import { AddressChange } from './AddressChange';
import { ProfileChanges } from './ProfileChanges';

type Customer = AgentCustomer360FieldsFragment;
const CONSENTS = ['email', 'sms', 'zalo', 'push', 'phone'] as const;

/** Who the customer is as the CRM keeps them: contact details, addresses, what marketing they accept; and changing their address. */
export function ProfilePanel({ customer }: { customer: Customer }) {
  const { t } = useTranslation('agent');
  const { date } = useFormat();
  const [changing, setChanging] = useState(false);
  const [saved, setSaved] = useState(false);
  const profile = customer.profile;
  return (
    <section className="card" aria-labelledby="agent-profile">
      <h2 id="agent-profile">{t('profile.heading')}</h2>
      {profile ? (
        <dl className="agent-facts">
          <dt>{t('profile.name')}</dt>
          <dd>{profile.fullName}</dd>
          <dt>{t('profile.phone')}</dt>
          <dd>{profile.phone ?? customer.phones.join(', ')}</dd>
          <dt>{t('profile.email')}</dt>
          <dd>{profile.email ?? customer.emails.join(', ')}</dd>
          <dt>{t('profile.addresses')}</dt>
          <dd>
            {profile.addresses.length === 0
              ? t('profile.noAddress')
              : profile.addresses.map((address, index) => (
                  <div key={index} data-testid="profile-address">
                    {[address.street, address.city].filter(Boolean).join(', ')}
                  </div>
                ))}
          </dd>
          <dt>{t('profile.customerSince')}</dt>
          <dd>{date(profile.customerSince)}</dd>
        </dl>
      ) : (
        <>
          <p className="muted">{t('profile.unavailable')}</p>
          <p>{[...customer.phones, ...customer.emails].join(' · ')}</p>
        </>
      )}
      {profile && (
        <>
          <h3>{t('profile.consents')}</h3>
          <ul className="agent-consents">
            {CONSENTS.map((channel) => (
              <li key={channel}>
                {t(`profile.consent.${channel}`)}:{' '}
                <span className={profile.consents[channel] ? 'badge' : 'badge refused'}>
                  {t(profile.consents[channel] ? 'profile.granted' : 'profile.refused')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {changing ? (
        <AddressChange
          customerId={customer.id}
          fullName={profile?.fullName ?? customer.displayName}
          onSaved={() => {
            setChanging(false);
            setSaved(true);
          }}
          onCancel={() => setChanging(false)}
        />
      ) : (
        <button
          type="button"
          onClick={() => {
            setChanging(true);
            setSaved(false);
          }}
        >
          {t('address.open')}
        </button>
      )}
      {saved && <p role="status">{t('address.saved')}</p>}
      <ProfileChanges customerId={customer.id} />
    </section>
  );
}
