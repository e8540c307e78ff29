import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { useMasking } from '../../gateway/plugins/masking';

const TYPE_DEFS = 'type Query { profile: String tickets: String broken: String }';

/** Fields that fail as a subgraph's do: a typed error of ours, and errors nobody planned for. */
const resolvers = {
  Query: {
    profile: () => {
      throw new GraphQLError('The CRM is unavailable; try again shortly.', {
        extensions: {
          code: 'CRM_UNAVAILABLE',
          reason: 'TIMEOUT',
          system: 'crm',
          field: 'profile',
          serviceName: 'crm',
          response: { status: 502, body: 'at 10.0.0.7' },
        },
      });
    },
    tickets: () => {
      throw new GraphQLError('res.partner read failed: psycopg2.OperationalError', {
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'crm' },
      });
    },
    broken: () => {
      throw new Error('Cannot read properties of undefined (reading "id") at /srv/subgraphs/crm/resolvers.ts:42');
    },
  },
};

async function masked(env: NodeJS.ProcessEnv) {
  const server = new ApolloServer({ typeDefs: TYPE_DEFS, resolvers, ...useMasking(env).apollo });
  await server.start();
  const ask = async (query: string) => {
    const { body } = await server.executeOperation({ query });
    if (body.kind !== 'single') throw new Error('expected a single result');
    return body.singleResult;
  };
  return { server, ask };
}

describe('the masking plugin', () => {
  let gateway: Awaited<ReturnType<typeof masked>>;
  beforeAll(async () => {
    gateway = await masked({ NODE_ENV: 'test' });
  });
  afterAll(() => gateway.server.stop());

  it('keeps a typed error with only its public extensions: code, reason, system, field', async () => {
    const { errors } = await gateway.ask('{ profile }');
    expect(errors).toEqual([
      {
        message: 'The CRM is unavailable; try again shortly.',
        locations: [{ line: 1, column: 3 }],
        path: ['profile'],
        extensions: { code: 'CRM_UNAVAILABLE', reason: 'TIMEOUT', system: 'crm', field: 'profile' },
      },
    ]);
  });

  it('hides an internal error, planned or not: the client learns only where it happened', async () => {
    const { data, errors } = await gateway.ask('{ tickets broken }');
    expect(data).toEqual({ tickets: null, broken: null });
    const internal = (field: string) => ({ message: 'Internal error', path: [field], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(errors).toEqual([internal('tickets'), internal('broken')]);
  });

  it('sends no stack trace, even outside production', async () => {
    const { errors } = await gateway.ask('{ profile broken }');
    expect(JSON.stringify(errors)).not.toMatch(/stacktrace|\.ts:|\.js:|10\.0\.0\.7|serviceName/);
  });

  it('keeps the codes of refused documents, and hides the schema from them in production only', async () => {
    expect((await gateway.ask('{ profil }')).errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "profil" on type "Query". Did you mean "profile"?',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    const production = await masked({ NODE_ENV: 'production' });
    expect((await production.ask('{ profil }')).errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "profil" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect((await production.ask('{ profile')).errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
    await production.server.stop();
  });
});
