import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { Caller, encodeCaller } from './context';
import { signedHeaders } from './signature';
import { currentRequestId, tracedCall } from './tracing';

/**
 * One subgraph asking another subgraph what it owns, signed as the gateway signs (so the answering
 * subgraph trusts it exactly as far as a gateway call), as a named service caller. Used where a
 * domain needs another domain's answer inside a mutation: commerce asks identity who a customer is,
 * rather than keeping a second copy of who is who.
 */
export class SubgraphCall {
  constructor(
    /** The subgraph's name, for the error code a failure carries (IDENTITY_UNAVAILABLE). */
    private readonly subgraph: string,
    private readonly url: string,
    private readonly secret: string,
    private readonly caller: Caller,
    private readonly timeoutMs: number,
  ) {}

  async query<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ query, variables });
    // The request id of the request it serves, so both subgraphs' logs line up; a new one for a job's call.
    const requestId = currentRequestId() ?? randomUUID();
    const caller = encodeCaller(this.caller);
    let answer: { data?: T | null; errors?: unknown[] };
    try {
      answer = await tracedCall(`subgraph ${this.subgraph}`, { 'omnigraph.subgraph': this.subgraph }, async (traceHeaders) => {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...traceHeaders, ...signedHeaders(this.secret, { requestId, caller, body }) },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()) as typeof answer;
      });
    } catch (error) {
      throw this.unavailable(error);
    }
    if (answer.errors?.length || !answer.data) throw this.unavailable(answer.errors);
    return answer.data;
  }

  private unavailable(cause: unknown): GraphQLError {
    return new GraphQLError(`The ${this.subgraph} service is unavailable; try again shortly.`, {
      extensions: { code: `${this.subgraph.toUpperCase()}_UNAVAILABLE` },
      originalError: cause instanceof Error ? cause : undefined,
    });
  }
}
