import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { GRAPH_RESOURCE } from '../../identity-provider/directory';
import { personasOf } from '../../legacy/seed/personas';
import { generateWorld } from '../../legacy/seed/world';
import { bearer, tokenAs } from '../support/tokens';

const root = resolve(__dirname, '../..');

/** Starts an entry point as its own process, as a deployment would, and waits for its line. */
function launch(entry: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${output}`)), 20_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolveStart(child);
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', listen);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
}

describe('each piece runs as its own process', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGTERM')));

  it('starts the identity provider, a subgraph and the gateway on their own, and they answer health probes and a signed-in caller', async () => {
    // The embedded provider as npm run identity-provider runs it, with the personas of the default world.
    const personas = personasOf(generateWorld({ seed: 42, size: 'small' }));
    const issuer = 'http://127.0.0.1:14810';
    children.push(
      await launch(
        'identity-provider/main.ts',
        { IDENTITY_PROVIDER_PORT: '14810', IDENTITY_PROVIDER_PERSONAS: JSON.stringify(personas) },
        /identity provider: http/,
      ),
    );
    children.push(await launch('subgraphs/orders/main.ts', { ORDERS_SUBGRAPH_PORT: '14806' }, /orders subgraph on/));
    // The gateway accepts the tokens of the provider it is told of, as startSystem wires it.
    children.push(
      await launch(
        'gateway/main.ts',
        {
          GATEWAY_PORT: '14800',
          ORDERS_SUBGRAPH_URL: 'http://127.0.0.1:14806/graphql',
          OMNIGRAPH_OIDC_ISSUER: issuer,
          OMNIGRAPH_OIDC_AUDIENCE: GRAPH_RESOURCE,
        },
        /gateway on/,
      ),
    );
    expect(await (await fetch('http://127.0.0.1:14806/health')).json()).toEqual({ status: 'ok', subgraph: 'orders' });
    expect(await (await fetch('http://127.0.0.1:14800/health')).json()).toEqual({ status: 'ok' });
    const orderId = Buffer.from('StoreOrder:101-1-1001-2026-11-01').toString('base64url');
    const ask = (headers: Record<string, string> = {}) =>
      fetch('http://127.0.0.1:14800/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: `{ order(id: "${orderId}") { id } }` }),
      }).then((response) => response.json());
    // A call-center agent reads any order; no one reads one anonymously.
    const agent = await tokenAs({ identityProviderUrl: issuer, personas }, 'agent');
    expect(await ask(bearer(agent))).toEqual({ data: { order: { id: orderId } } });
    expect(await ask()).toEqual({
      data: { order: null },
      errors: [expect.objectContaining({ path: ['order'], extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })],
    });
  });
});
