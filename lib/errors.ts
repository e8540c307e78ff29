import { GraphQLError } from 'graphql';

/** The legacy systems the graph wraps; their names appear in error codes. */
/** The systems behind the graph; a new system's connector names its own (lower case, as its registry entry). */
export type LegacySystemName = 'crm' | 'pos' | 'ecommerce' | 'warehouse' | 'marketplace' | (string & NonNullable<unknown>);

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

/**
 * A legacy system refused a write for a business reason the caller can act on (not enough stock, an
 * order that can no longer be cancelled). Clients throw it with a retail code; mutations turn it
 * into a `userErrors` entry instead of a GraphQL error. The message must not name the system.
 */
export class BusinessRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string[] | null = null,
  ) {
    super(message);
    this.name = 'BusinessRuleError';
  }
}
