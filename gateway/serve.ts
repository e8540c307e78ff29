import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';

/**
 * How many processes serve the gateway's port (OMNIGRAPH_GATEWAY_WORKERS): unset or 1, this one;
 * a number, that many workers; `auto`, one per core. One Node process runs JavaScript on one core,
 * so a gateway that should use a machine's cores runs one worker per core, as Hive Gateway's
 * `--fork` does.
 */
export function gatewayWorkers(env: NodeJS.ProcessEnv): number {
  const setting = env.OMNIGRAPH_GATEWAY_WORKERS?.trim();
  if (!setting) return 1;
  if (setting === 'auto') return availableParallelism();
  const count = Number(setting);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`OMNIGRAPH_GATEWAY_WORKERS must be a whole number of processes or "auto", not "${setting}".`);
  return count;
}

/**
 * Runs a gateway on `port` until SIGINT or SIGTERM; a failed start exits 1 with its reason. With
 * more than one worker this process only supervises: the workers share the port (the primary
 * hands each new connection to the next worker), a worker that dies is replaced, and one that
 * fails to start stops them all, since its siblings would fail the same way.
 */
export function serveGateway(build: () => Promise<FastifyInstance>, port: number, name: string): void {
  let workers: number;
  try {
    workers = gatewayWorkers(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  if (workers > 1 && cluster.isPrimary) return superviseWorkers(workers, port, name);
  const start = async () => {
    const app = await build();
    await app.listen({ host: process.env.GATEWAY_HOST ?? '127.0.0.1', port });
    if (cluster.isPrimary) console.log(`${name} on http://127.0.0.1:${port}/graphql`);
    const stop = () => void app.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  start().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

function superviseWorkers(count: number, port: number, name: string): void {
  const listening = new Set<number>();
  let announced = false;
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const running = Object.values(cluster.workers ?? {});
    if (running.length === 0) process.exit(code);
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code);
    });
    for (const worker of running) worker?.process.kill('SIGTERM');
  };
  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (announced || listening.size < count) return;
    announced = true;
    console.log(`${name} on http://127.0.0.1:${port}/graphql (${count} worker processes)`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (!listening.has(worker.id)) {
      console.error(`${name}: a worker failed to start (exit ${signal ?? code}); stopping`);
      stopAll(1);
      return;
    }
    listening.delete(worker.id);
    console.error(`${name}: worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (let index = 0; index < count; index += 1) cluster.fork();
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));
}
