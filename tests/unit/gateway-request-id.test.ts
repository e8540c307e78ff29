import Fastify from 'fastify';
import { useRequestId } from '../../gateway/plugins/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the request id plugin', () => {
  const plugin = useRequestId();
  const app = Fastify();
  plugin.fastify!(app);
  // Answers what the plugin puts in the context of the operation, which subgraph calls carry.
  app.get('/', async (request) => plugin.context!(request));
  afterAll(() => app.close());

  const ask = async (headers: Record<string, string | string[]> = {}) => {
    const answer = await app.inject({ url: '/', headers });
    return { header: answer.headers['x-request-id'], context: answer.json<{ requestId: string }>().requestId };
  };

  it('keeps a sane id from the caller, in the answer and in what subgraphs are sent', async () => {
    for (const id of ['till-3-abc_123', 'a', 'v1.2.3', 'x'.repeat(64)])
      expect(await ask({ 'x-request-id': id })).toEqual({ header: id, context: id });
  });

  it('replaces one that is not sane with a new UUID: spaces, markup, too long, empty, or sent twice', async () => {
    for (const id of ['no spaces <allowed>', 'a/b', 'semi;colon', 'x'.repeat(65), '', ['one', 'two']]) {
      const { header, context } = await ask({ 'x-request-id': id });
      expect(header).toMatch(UUID);
      expect(context).toBe(header);
    }
  });

  it('gives every request without one an id of its own, on every route', async () => {
    const first = await ask();
    const second = await ask();
    expect(first.header).toMatch(UUID);
    expect(second.header).not.toBe(first.header);
    expect((await app.inject({ url: '/no-such-route' })).headers['x-request-id']).toMatch(UUID);
  });
});
