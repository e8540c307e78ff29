import type { GatewayPlugin } from '../plugin';

/**
 * The partner endpoint serves partners' apps alone: a request without a token answers 401
 * UNAUTHENTICATED, and one signed in as anyone else (a customer, staff, Omnigraph's own jobs, a
 * partner's token issued to no app) 403 FORBIDDEN, before any GraphQL work. Runs after caller.ts,
 * which has verified the token.
 */
export function usePartnersOnly(): GatewayPlugin {
  return {
    name: 'partners-only',
    preHandler: async (request, reply) => {
      const caller = request.caller;
      if (!caller || (caller.id === null && caller.clientId === null))
        return reply.code(401).send({
          errors: [{ message: "Sign in with your app's client credentials first.", extensions: { code: 'UNAUTHENTICATED' } }],
        });
      if (!caller.roles.includes('partner') || caller.clientId === null)
        return reply
          .code(403)
          .send({ errors: [{ message: "This endpoint serves partners' apps only.", extensions: { code: 'FORBIDDEN' } }] });
      return undefined;
    },
  };
}
