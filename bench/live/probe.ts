import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { GatewayAnswer, GatewayQuestion } from './gateway';

/**
 * What the runner reads of a child process from outside (Linux /proc: resident memory, CPU time),
 * and what it asks the live gateway over IPC (its heap after a collection, its open subscriptions).
 */

/** VmRSS of a process, in bytes; null off Linux or once it has gone. */
export function rssBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User and system CPU time a process has used so far, in ms; null off Linux or once it has gone. */
export function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Questions to the live gateway (bench/live/gateway.ts) over its IPC channel. */
export class GatewayProbe {
  private next = 0;
  private readonly waiting = new Map<number, (answer: GatewayAnswer) => void>();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (answer: GatewayAnswer) => {
      const done = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      done?.(answer);
    });
  }

  /** 'memory': after two full collections; 'live': as it is, cheap enough to poll. */
  ask(ask: GatewayQuestion['ask'], timeoutMs = 15_000): Promise<GatewayAnswer> {
    const id = (this.next += 1);
    return new Promise<GatewayAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the gateway did not answer '${ask}' within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.child.send({ ask, id } satisfies GatewayQuestion);
    });
  }
}
