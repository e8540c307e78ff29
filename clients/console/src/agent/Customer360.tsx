import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { errorsOf, Problem } from '../components/Problem';
import { AgentCustomer360Document } from '../generated/graphql';
import { LiveFollow } from './LiveFollow';
import { LoyaltyPanel } from './LoyaltyPanel';
import { OrdersPanel } from './OrdersPanel';
import { ProfilePanel } from './ProfilePanel';
import { SupportPanel } from './SupportPanel';

/**
 * One customer on one page, from every system that answered: a system that did not leaves its
 * panel out and is named above, the rest still shows. Followed live while open.
 */
export function Customer360() {
  const { t } = useTranslation('agent');
  const customerId = useParams().customerId ?? '';
  const { data, loading, error } = useQuery(AgentCustomer360Document, { variables: { customerId } });
  const customer = data?.customer;
  // A panel left empty by a system that did not answer says so, rather than "none".
  const failed = (field: string) => errorsOf(error).some((e) => e.path?.includes(field));

  return (
    <>
      <p>
        <Link to="/customers">{t('c360.backToSearch')}</Link>
      </p>
      <div className="row agent-heading">
        <h1>{customer?.profile?.fullName ?? customer?.displayName ?? t('title')}</h1>
        <LiveFollow customerId={customerId} />
      </div>
      <Problem error={error} />
      {!customer && loading && <p aria-live="polite">{t('c360.loading')}</p>}
      {!customer && !loading && !error && <p role="status">{t('c360.notFound')}</p>}
      {customer && (
        <div className="agent-360">
          <ProfilePanel customer={customer} />
          <LoyaltyPanel loyalty={customer.loyalty} unavailable={failed('loyalty')} />
          <OrdersPanel orders={customer.orderHistory} />
          <SupportPanel customerId={customer.id} tickets={customer.supportTickets} unavailable={failed('supportTickets')} />
        </div>
      )}
    </>
  );
}
