import { GraphQLError } from 'graphql';

/** The legacy systems the graph wraps; their names appear in error codes. */
export type LegacySystemName = 'crm' | 'pos' | 'ecommerce' | 'warehouse';

/** Why a legacy system could not answer. */
export type UnavailableReason = 'TIMEOUT' | 'DOWN' | 'CIRCUIT_OPEN' | 'RATE_LIMITED' | 'ERROR';

/**
 * A legacy system did not answer usefully. The code names what is missing (CRM_UNAVAILABLE, ...)
 * so a client can tell which part of a partial answer it lacks.
 */
export class SystemUnavailableError extends GraphQLError {
  constructor(
    readonly system: LegacySystemName,
    readonly reason: UnavailableReason,
  ) {
    super(`The ${system} system is unavailable (${reason.toLowerCase().replace('_', ' ')}); try again shortly.`, {
      extensions: { code: `${system.toUpperCase()}_UNAVAILABLE`, system, reason },
    });
  }
}

/** Input the caller can fix. Changes nothing. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
  }
}

/** A request that did not come through the gateway, or whose gateway token is not valid. */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'This service only answers the Omnigraph gateway.') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }
}
