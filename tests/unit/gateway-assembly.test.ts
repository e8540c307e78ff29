import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../gateway/datasource';
import { assembleGateway, GatewayPlugin } from '../../gateway/plugin';
import { useAuthorization } from '../../gateway/plugins/authorization';
import { useCaller } from '../../gateway/plugins/caller';
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
 * What every gateway needs: a supergraph, a way to call subgraphs, and the schema's access rules
 * (Apollo Gateway refuses a supergraph that links the authorization specs until this strips them).
 */
const graph = () => [useNoTelemetry(), useSupergraphFile(DEFAULT_SUPERGRAPH_PATH, log), useSubgraphTransport({}), useAuthorization()];
const post = (query: string, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  url: '/graphql',
  headers,
  payload: { query },
});

/** An Apollo plugin that records the context of every operation. */
function recorder(contexts: GatewayContext[]): GatewayPlugin {
  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      contexts.push({ ...contextValue });
    },
  };
  return { name: 'recorder', apollo: { plugins: [plugin] } };
}

describe('the gateway assembly', () => {
  let provider: RunningIdentityProvider;
  beforeAll(async () => {
    provider = await startIdentityProvider({ personas: personasOf(generateWorld({ seed: 42, size: 'small' })) });
  });
  afterAll(() => provider?.stop());

  it('needs exactly one supergraph source and one subgraph transport', async () => {
    const [, source, transport] = graph();
    await expect(assembleGateway([transport], log)).rejects.toThrow('No gateway plugin sets supergraphSdl');
    await expect(assembleGateway([source], log)).rejects.toThrow('No gateway plugin sets buildService');
    await expect(assembleGateway([source, { ...source, name: 'second-source' }, transport], log)).rejects.toThrow(
      'The gateway plugins supergraph-source and second-source both set supergraphSdl',
    );
  });

  it('lets one plugin alone set an Apollo option that does not add up', async () => {
    const open: GatewayPlugin = { name: 'open', apollo: { introspection: true } };
    const closed: GatewayPlugin = { name: 'closed', apollo: { introspection: false } };
    await expect(assembleGateway([...graph(), open, closed], log)).rejects.toThrow(
      'The gateway plugins open and closed both set introspection',
    );
  });

  it('takes a new concern as one more plugin in the list: its guard runs after the ones before it, its route and Apollo plugin join', async () => {
    const staffOnly: GatewayPlugin = {
      name: 'staff-only',
      preHandler: async (request, reply) => {
        if (request.caller?.roles.includes('store-associate')) return undefined;
        return reply.code(403).send({ errors: [{ message: 'Staff only', extensions: { code: 'FORBIDDEN' } }] });
      },
    };
    let operations = 0;
    const metrics: GatewayPlugin = {
      name: 'metrics',
      apollo: { plugins: [{ requestDidStart: async () => void (operations += 1) }] },
      fastify: (app) => void app.get('/metrics', async () => ({ operations })),
    };
    const app = await assembleGateway(
      [...graph(), useRequestId(), useCaller({ OMNIGRAPH_OIDC_ISSUER: provider.issuer }), staffOnly, metrics],
      log,
    );
    const staff = await tokenAs({ identityProviderUrl: provider.issuer, personas: provider.personas }, 'associate-s101');
    expect((await app.inject(post('{ __typename }'))).statusCode).toBe(403);
    expect((await app.inject(post('{ __typename }', { authorization: `Bearer ${staff}` }))).json()).toEqual({
      data: { __typename: 'Query' },
    });
    expect((await app.inject({ url: '/metrics' })).json()).toEqual({ operations: 1 });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    await app.close();
  });

  it('gives each operation the context its plugins add, in list order, and none of a plugin left out', async () => {
    const contexts: GatewayContext[] = [];
    const relabel: GatewayPlugin = { name: 'relabel', context: () => ({ callerHeader: 'relabelled' }) };
    const full = await assembleGateway([...graph(), useRequestId(), useCaller({}), relabel, recorder(contexts)], log);
    await full.inject(post('{ __typename }', { 'x-request-id': 'till-3-abc' }));
    await full.close();
    const bare = await assembleGateway([...graph(), recorder(contexts)], log);
    await bare.inject(post('{ __typename }', { 'x-request-id': 'till-3-abc' }));
    await bare.close();
    expect(contexts).toEqual([
      { requestId: 'till-3-abc', callerHeader: 'relabelled' },
      { requestId: '', callerHeader: '' },
    ]);
  });

  it('runs error formatters one after another, in list order', async () => {
    const suffix = (name: string): GatewayPlugin => ({
      name,
      apollo: { formatError: (formatted) => ({ ...formatted, message: `${formatted.message} (${name})` }) },
    });
    const app = await assembleGateway([...graph(), suffix('first'), suffix('second')], log);
    const { errors } = (await app.inject(post('{ nothingHere }'))).json<{ errors: { message: string }[] }>();
    expect(errors[0].message).toMatch(/ \(first\) \(second\)$/);
    await app.close();
  });

  it('closes each plugin after Apollo has stopped', async () => {
    const events: string[] = [];
    const closing: GatewayPlugin = {
      name: 'closing',
      apollo: { plugins: [{ serverWillStart: async () => ({ serverWillStop: async () => void events.push('apollo stopping') }) }] },
      close: async () => void events.push('plugin closed'),
    };
    const app = await assembleGateway([...graph(), closing], log);
    await app.close();
    expect(events).toEqual(['apollo stopping', 'plugin closed']);
  });
});
