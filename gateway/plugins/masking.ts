import type { GraphQLFormattedError } from 'graphql';
import type { GatewayPlugin } from '../plugin';

/** Extensions a client may see; everything else (service names, upstream responses) stays inside. */
const PUBLIC_EXTENSIONS = new Set(['code', 'reason', 'system', 'field']);

/** An error without a code of ours is unexpected: the client learns only that it happened. */
function publicError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') {
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => PUBLIC_EXTENSIONS.has(key)));
  return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
}

/** What a client sees of an error: no stack trace, only public extensions, and in production no schema details. */
export function useMasking(env: NodeJS.ProcessEnv): GatewayPlugin {
  return {
    name: 'masking',
    apollo: {
      formatError: publicError,
      includeStacktraceInErrorResponses: false,
      hideSchemaDetailsFromClientErrors: env.NODE_ENV === 'production',
    },
  };
}
