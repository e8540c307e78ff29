import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useSubscription } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { AgentFollowCustomerDocument } from '../generated/graphql';

/**
 * Follows the customer while their 360 is open: each activity on another channel (an order in the
 * app, a message on Zalo, points earned) sends their 360 again, which the normalised cache writes
 * over what the page shows.
 */
export function LiveFollow({ customerId }: { customerId: string }) {
  const { t } = useTranslation('agent');
  // A system missing from one update is the page's concern (its own query names it); only a lost connection stops following.
  const { error } = useSubscription(AgentFollowCustomerDocument, { variables: { customerId }, errorPolicy: 'all' });
  if (error && !CombinedGraphQLErrors.is(error))
    return (
      <span className="muted" role="status">
        {t('c360.liveLost')}
      </span>
    );
  return (
    <span className="live badge" role="status" title={t('c360.liveTitle')} data-testid="live">
      ● {t('c360.live')}
    </span>
  );
}
