import { cpus, totalmem } from 'node:os';

export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
}

/** The machine a result came from: every figure is only comparable with others from the same one. */
export function machineFacts(): MachineFacts {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
}

export function describeMachine(machine: MachineFacts): string {
  return `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}`;
}
