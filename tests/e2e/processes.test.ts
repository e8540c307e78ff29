import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

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

  it('starts a subgraph and the gateway on their own, and they answer health probes', async () => {
    children.push(await launch('subgraphs/orders/main.ts', { ORDERS_SUBGRAPH_PORT: '14806' }, /orders subgraph on/));
    children.push(
      await launch('gateway/main.ts', { GATEWAY_PORT: '14800', ORDERS_SUBGRAPH_URL: 'http://127.0.0.1:14806/graphql' }, /gateway on/),
    );
    expect(await (await fetch('http://127.0.0.1:14806/health')).json()).toEqual({ status: 'ok', subgraph: 'orders' });
    expect(await (await fetch('http://127.0.0.1:14800/health')).json()).toEqual({ status: 'ok' });
    const orderId = Buffer.from('StoreOrder:101-1-1001-2026-11-01').toString('base64url');
    const answer = await fetch('http://127.0.0.1:14800/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ order(id: "${orderId}") { id } }` }),
    });
    expect(await answer.json()).toEqual({ data: { order: { id: orderId } } });
  });
});
