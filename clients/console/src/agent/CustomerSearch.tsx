import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { errorsOf, Problem } from '../components/Problem';
import { AgentFindCustomersDocument } from '../generated/graphql';
import { isSearchKind } from './kinds';
import { SearchForm } from './SearchForm';

/** The search form and whom it found: straight to the 360 for one holder, a list to pick from for a shared identifier. */
export function CustomerSearch() {
  const { t } = useTranslation('agent');
  const [params] = useSearchParams();
  const kind = params.get('kind');
  const value = params.get('value') ?? '';
  const asked = isSearchKind(kind) && value !== '';
  const { data, loading, error } = useQuery(AgentFindCustomersDocument, {
    variables: { identifier: { kind: isSearchKind(kind) ? kind : 'PHONE', value } },
    skip: !asked,
  });
  const found = data?.customersByIdentifier ?? [];
  // A malformed phone or email is the caller's typing, not a failure: say what to fix.
  const malformed = errorsOf(error).some((e) => e.extensions?.code === 'BAD_USER_INPUT');

  if (asked && !loading && found.length === 1) return <Navigate to={`/customers/${encodeURIComponent(found[0].id)}`} replace />;
  return (
    <>
      <h1>{t('title')}</h1>
      <SearchForm key={`${kind}:${value}`} />
      {asked && loading && <p aria-live="polite">{t('search.searching')}</p>}
      {malformed ? (
        <p className="problem" role="alert">
          {t(`search.invalid.${kind === 'PHONE' || kind === 'EMAIL' ? kind : 'other'}`)}
        </p>
      ) : (
        <Problem error={error} />
      )}
      {asked && !loading && !error && found.length === 0 && <p role="status">{t('search.none')}</p>}
      {found.length > 1 && (
        <section className="card" aria-labelledby="agent-holders">
          <h2 id="agent-holders">{t('search.several', { count: found.length })}</h2>
          <ul className="agent-list">
            {found.map((customer) => (
              <li key={customer.id} className="row">
                <Link to={`/customers/${encodeURIComponent(customer.id)}`}>{customer.displayName}</Link>
                <span className="muted">{[...customer.phones, ...customer.emails].join(' · ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
