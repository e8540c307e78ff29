import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { Persona } from './directory';

/**
 * Starts the embedded identity provider as a child process: oidc-provider is ESM only, and a
 * provider apart from the gateway is what production has. Loads nothing of oidc-provider here, so
 * CommonJS callers (startSystem, Jest) can use it.
 */

export interface RunningIdentityProvider {
  issuer: string;
  personas: Persona[];
  stop(): Promise<void>;
}

export interface IdentityProviderOptions {
  personas: Persona[];
  /** 0 (the default) for any free port. */
  port?: number;
  /** Its environment: OMNIGRAPH_CLOCK_OFFSET_MS puts its tokens on the system's business clock. */
  env?: NodeJS.ProcessEnv;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<RunningIdentityProvider> {
  const child = fork(resolve(__dirname, 'main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...(options.env ?? process.env),
      IDENTITY_PROVIDER_PORT: String(options.port ?? 0),
      IDENTITY_PROVIDER_PERSONAS: JSON.stringify(options.personas),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = [child.stdout!, child.stderr!];
  // What it says while starting (oidc-provider's notices about its development defaults) is shown only if it fails to start.
  let startup = '';
  const collect = (chunk: Buffer) => void (startup += String(chunk));
  for (const stream of output) stream.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    const issuer = await new Promise<string>((ready, failed) => {
      const timer = setTimeout(
        () => failed(new Error(`the identity provider was not ready within ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
      child.once('message', (message: { issuer?: string }) => {
        clearTimeout(timer);
        if (typeof message.issuer === 'string') ready(message.issuer);
        else failed(new Error('the identity provider announced no issuer'));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        failed(new Error(`the identity provider exited before it was ready (${signal ?? code}): ${startup.trim()}`));
      });
    });
    for (const stream of output) stream.off('data', collect).pipe(process.stderr, { end: false });
    return {
      issuer,
      personas: options.personas,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
}
