import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from 'pino';
import type { GatewayPlugin } from '../plugin';

/**
 * Serves the supergraph file and reloads it when it changes. A file that does not load is
 * refused and the running schema kept; in-flight requests finish on the schema they started with.
 */
export function useSupergraphFile(path: string, log: Logger): GatewayPlugin {
  const supergraphSdl: SupergraphSdlHook = async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    const reload = () => {
      let next: string;
      try {
        next = readFileSync(path, 'utf8');
      } catch {
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        log.info({ path }, 'supergraph reloaded');
      } catch (error) {
        log.error({ err: error, path }, 'new supergraph refused; keeping the current one');
      }
    };
    watchFile(path, { interval: 200 }, reload);
    return { supergraphSdl: current, cleanup: async () => unwatchFile(path, reload) };
  };
  return { name: 'supergraph-source', gateway: { supergraphSdl } };
}
