import { ChildProcess, execFileSync, spawn, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';

/**
 * The child processes a bench runs: started as TypeScript entries, optionally pinned to cores,
 * always killed when the runner ends however it ends, and never left listening beyond it.
 */

/**
 * With two or more cores and taskset, Omnigraph (the gateway, or in part 2 the gateway and its
 * subgraphs) gets core 0 to itself and everything else (subgraphs of part 1, stand-ins, the load
 * generator in the runner) shares the rest, so what saturates is what is measured.
 * BENCH_PIN=0 turns it off.
 */
export const PINNING: { omnigraph: string; rest: string } | null = (() => {
  if (process.env.BENCH_PIN === '0' || cpus().length < 2) return null;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return { omnigraph: '0', rest: cpus().length === 2 ? '1' : `1-${cpus().length - 1}` };
})();

/** Moves the runner (its load generator) off Omnigraph's core. */
export function pinRunner(): void {
  if (PINNING) execFileSync('taskset', ['-cp', PINNING.rest, String(process.pid)], { stdio: 'ignore' });
}

export function describePinning(omnigraph: string, rest: string): string {
  return PINNING
    ? `${omnigraph} runs alone on core ${PINNING.omnigraph}; ${rest} share ${PINNING.rest.includes('-') ? 'cores' : 'core'} ${PINNING.rest}.`
    : `${omnigraph} and ${rest} share every core.`;
}

/**
 * The stand-ins' admin token for the whole run, as production requires one: the children get it,
 * and the runner reads the stand-ins' call counters with it (omnichannel/legacy-cost.ts).
 */
export const LEGACY_ADMIN_ENV = { LEGACY_ADMIN_TOKEN: randomBytes(32).toString('hex') };
/** The marketplace app's partner key for the run, which the stand-in and the connector sign with (production wants one set). */
const MARKETPLACE_PARTNER_ENV = { MARKETPLACE_PARTNER_KEY: randomBytes(32).toString('hex') };

/**
 * What every child starts with: production mode, quiet logs, a fresh gateway secret, the run's admin
 * token and marketplace partner key.
 */
export function productionEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    OMNIGRAPH_GATEWAY_SECRET: randomBytes(32).toString('hex'),
    ...LEGACY_ADMIN_ENV,
    ...MARKETPLACE_PARTNER_ENV,
  };
}

const children = new Set<ChildProcess>();

export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

process.on('exit', killChildren);

/** Ends the run when it overruns its budget or is interrupted, taking the children with it. */
export function boundRun(name: string, budgetMs: number): void {
  setTimeout(() => {
    console.error(`${name} exceeded its ${Math.round(budgetMs / 1000)} s budget`);
    killChildren();
    process.exit(1);
  }, budgetMs).unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killChildren();
      process.exit(130);
    });
  }
}

export interface StartOptions {
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** taskset core list, or undefined to run anywhere. */
  cores?: string;
  nodeOptions?: string[];
  /** 'pipe' to read the child's announcements (see announcement). */
  stdout?: 'inherit' | 'pipe';
  /** An IPC channel to the child (child.send, 'message'), for a bench entry that answers questions about itself. */
  ipc?: boolean;
}

export function startChild(entry: string, options: StartOptions): ChildProcess {
  // node --import tsx runs the TypeScript entry without a build, as npm scripts here do.
  const command = [process.execPath, ...(options.nodeOptions ?? []), '--import', 'tsx', entry, ...(options.args ?? [])];
  const pinned = options.cores === undefined ? command : ['taskset', '-c', options.cores, ...command];
  // taskset execs the command: the child's pid and its IPC channel are node's own.
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'inherit', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])];
  const child = spawn(pinned[0], pinned.slice(1), { env: options.env, stdio });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

const MAX_LOGGED_LINE = 2_000;

/**
 * The first stdout line of a child started with stdout 'pipe' that is a JSON object with `key`:
 * how a child says it is ready and where it listens. Its other lines go to stderr, tagged.
 */
export function announcement<T>(child: ChildProcess, key: string, tag: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((done, fail) => {
    let announced = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!announced && line.startsWith(`{"${key}"`)) {
        announced = true;
        done(JSON.parse(line) as T);
      } else {
        // Some errors are logged with the whole request (a URL of a thousand SKUs): enough to see what it was.
        process.stderr.write(
          `[${tag}] ${line.length > MAX_LOGGED_LINE ? `${line.slice(0, MAX_LOGGED_LINE)}… (${line.length} characters)` : line}\n`,
        );
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`${tag} exited before it was ready (${signal ?? code})`)));
    setTimeout(() => fail(new Error(`${tag} was not ready within ${timeoutMs / 1000} s`)), timeoutMs).unref();
  });
}

/** Resident memory of a process, from the kernel (what an operator's dashboard shows). */
export function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

export const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
