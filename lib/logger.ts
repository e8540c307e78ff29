import pino, { Logger } from 'pino';

/** One JSON logger per process; LOG_LEVEL=silent in tests keeps output clean. */
export function createLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ name, level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info') });
}
