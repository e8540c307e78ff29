import type { FastifyInstance } from 'fastify';
import { assembleGateway, GatewayPlugin } from '../../gateway/plugin';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { useCaller } from '../../gateway/plugins/caller';
import { useInflightDeduplication } from '../../gateway/plugins/inflight';
import { useRequestId } from '../../gateway/plugins/request-id';
import { useSubgraphTransport } from '../../gateway/plugins/subgraph-transport';
import { useSupergraphFile } from '../../gateway/plugins/supergraph-source';
import { useNoTelemetry } from '../../gateway/plugins/telemetry';
import { DEFAULT_SUPERGRAPH_PATH } from '../../gateway/server';
import { RunningIdentityProvider, startIdentityProvider } from '../../identity-provider/process';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { createLogger } from '../../lib/logger';
import { tokenAs } from '../support/tokens';

const log = createLogger('gateway', { LOG_LEVEL: 'silent' });

/**
 * Counts the operations Apollo runs, each held 100 ms as it starts so that requests sent
 * together are all in flight at once.
 */
function slowCounter(): GatewayPlugin & { runs: () => number } {
  let runs = 0;
  return {
    name: 'slow-counter',
    apollo: {
      plugins: [
        {
          requestDidStart: async () => {
            runs += 1;
            await new Promise((resolve) => setTimeout(resolve, 100));
          },
        },
      ],
    },
    runs: () => runs,
  };
}

describe('identical requests in flight (useInflightDeduplication)', () => {
  let provider: RunningIdentityProvider;
  let app: FastifyInstance;
  let counter: ReturnType<typeof slowCounter>;
  const gatewayWith = async (env: NodeJS.ProcessEnv) => {
    counter = slowCounter();
    return assembleGateway(
      [
        useNoTelemetry(),
        useSupergraphFile(DEFAULT_SUPERGRAPH_PATH, log),
        useSubgraphTransport({}),
        useRequestId(),
        useCaller({ OMNIGRAPH_OIDC_ISSUER: provider.issuer }),
        useAuthorization(),
        useInflightDeduplication(env),
        counter,
      ],
      log,
    );
  };
  const send = (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });

  beforeAll(async () => {
    provider = await startIdentityProvider({ personas: personasOf(generateWorld({ seed: 42, size: 'small' })) });
    app = await gatewayWith({});
  });
  afterAll(async () => {
    await app?.close();
    await provider?.stop();
  });

  it('runs eight identical queries sent together once, and answers each with the same bytes under its own request id', async () => {
    const before = counter.runs();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => send('{ __typename }', { 'x-request-id': `page-${i}` })));
    expect(counter.runs() - before).toBe(1);
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((answer) => answer.body))).toEqual(new Set([JSON.stringify({ data: { __typename: 'Query' } }) + '\n']));
    expect(answers.map((answer) => answer.headers['x-request-id'])).toEqual(Array.from({ length: 8 }, (_, i) => `page-${i}`));
    expect(answers.every((answer) => String(answer.headers['content-type']).startsWith('application/json'))).toBe(true);
  });

  it('runs again what is asked once the first answer has gone: nothing is kept', async () => {
    const before = counter.runs();
    await send('{ __typename }');
    await send('{ __typename }');
    expect(counter.runs() - before).toBe(2);
  });

  it('never shares between two callers, nor between different variables', async () => {
    const staff = await tokenAs({ identityProviderUrl: provider.issuer, personas: provider.personas }, 'associate-s101');
    const query = 'query Echo($first: Int) { __typename }';
    const before = counter.runs();
    await Promise.all([
      send(query, {}, { first: 1 }),
      send(query, { authorization: `Bearer ${staff}` }, { first: 1 }),
      send(query, {}, { first: 2 }),
    ]);
    expect(counter.runs() - before).toBe(3);
  });

  it('runs every mutation sent, however alike', async () => {
    const before = counter.runs();
    const answers = await Promise.all([send('mutation { __typename }'), send('mutation { __typename }')]);
    expect(counter.runs() - before).toBe(2);
    expect(answers.map((answer) => answer.json())).toEqual([{ data: { __typename: 'Mutation' } }, { data: { __typename: 'Mutation' } }]);
  });

  it('shares an error answer too, status and all, and leaves what it cannot parse to Apollo', async () => {
    const before = counter.runs();
    const refused = await Promise.all([send('{ nothingHere }'), send('{ nothingHere }')]);
    expect(refused.map((answer) => answer.statusCode)).toEqual([400, 400]);
    expect(refused[0].body).toBe(refused[1].body);
    const garbled = await Promise.all([send('{ __typename'), send('{ __typename')]);
    expect(garbled.map((answer) => answer.json<{ errors: { extensions: { code: string } }[] }>().errors[0].extensions.code)).toEqual([
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_PARSE_FAILED',
    ]);
    expect(counter.runs() - before).toBe(3);
  });

  it('is off with OMNIGRAPH_DEDUPLICATE_INFLIGHT=false', async () => {
    const off = await gatewayWith({ OMNIGRAPH_DEDUPLICATE_INFLIGHT: 'false' });
    try {
      await Promise.all(
        Array.from({ length: 4 }, () => off.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })),
      );
      expect(counter.runs()).toBe(4);
    } finally {
      await off.close();
    }
  });
});
