import { CombinedGraphQLErrors } from '@apollo/client/errors';
import type { ErrorLike } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';
import { useTranslation } from 'react-i18next';

const SYSTEMS = ['crm', 'pos', 'ecommerce', 'warehouse', 'marketplace', 'identity', 'orders', 'commerce', 'kpis'] as const;

/** The system an error says is missing: its `system` extension, or the one its code names (CRM_UNAVAILABLE). */
function missingSystem(error: GraphQLFormattedError): string | undefined {
  const named = error.extensions?.system;
  if (typeof named === 'string') return named;
  const code = error.extensions?.code;
  if (typeof code !== 'string' || !code.endsWith('_UNAVAILABLE')) return undefined;
  return code.slice(0, -'_UNAVAILABLE'.length).toLowerCase();
}

/** The graph's errors; a failure to reach it at all (network, HTTP) as one coded GRAPH_UNREACHABLE. */
export function errorsOf(error: ErrorLike | undefined): readonly GraphQLFormattedError[] {
  if (!error) return [];
  return CombinedGraphQLErrors.is(error) ? error.errors : [{ message: error.message, extensions: { code: 'GRAPH_UNREACHABLE' } }];
}

/** Whether the graph refused because of who is asking. */
export const isRefusal = (error: ErrorLike | undefined) =>
  errorsOf(error).some((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'UNAUTHENTICATED');

/**
 * What went wrong, in words a person at a counter understands: the systems that did not answer
 * (the rest of the page still shows what the graph could give), a refusal, or the graph's own message.
 */
export function Problem({ error }: { error: ErrorLike | undefined }) {
  const { t } = useTranslation('shell');
  const errors = errorsOf(error);
  if (errors.length === 0) return null;
  const missing = [...new Set(errors.map(missingSystem).filter((s): s is string => s !== undefined))];
  const label = (system: string) => t(`systems.${(SYSTEMS as readonly string[]).includes(system) ? system : 'other'}`);
  const others = errors.filter((e) => missingSystem(e) === undefined && e.extensions?.code !== 'GRAPH_UNREACHABLE');
  const unreachable = errors.some((e) => e.extensions?.code === 'GRAPH_UNREACHABLE');
  return (
    <div className="problem" role="alert">
      {missing.length > 0 && <p data-missing={missing.join(' ')}>{t('missing', { what: missing.map(label).join(', ') })}</p>}
      {unreachable && <p>{t('unreachable')}</p>}
      {isRefusal(error) && <p>{t('forbidden')}</p>}
      {others
        .filter((e) => e.extensions?.code !== 'FORBIDDEN' && e.extensions?.code !== 'UNAUTHENTICATED')
        .map((e, index) => (
          <p key={index}>{t('failed', { reason: e.message })}</p>
        ))}
    </div>
  );
}
