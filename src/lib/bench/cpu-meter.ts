/**
 * How much of the machine a benchmark had to itself. A ratio against a baseline measured in the
 * same run absorbs a machine's drift, not a process that holds a CPU through the runs: the
 * project's work overlaps with its baseline's only where a CPU is free. The meter reads the whole
 * machine's CPU time (os.cpus()) and the benchmark's own processes', and reports what other
 * processes used meanwhile, so a reader can tell a busy run from a quiet one.
 */
import os from 'node:os';

/**
 * CPU time the whole machine spent busy so far, in seconds (all CPUs together); undefined where
 * the system does not say (os.cpus() is then empty).
 */
function machineBusySeconds(): number | undefined {
  const cpus = os.cpus();
  if (cpus.length === 0) return undefined;
  let ms = 0;
  for (const { times } of cpus) ms += times.user + times.nice + times.sys + times.irq;
  return ms / 1000;
}

/** This process's CPU time so far, in seconds (all its threads). */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface CpuShare {
  cpus: number;
  /** Seconds measured. */
  seconds: number;
  /** CPUs the benchmark's own processes kept busy, on average. */
  benchmark: number;
  /** CPUs every other process kept busy, on average (never below 0); undefined if unknown. */
  others: number | undefined;
}

/** A busy fraction of the machine above which a run's ratios are not those of a quiet machine. */
export const BUSY_OTHERS = 0.25;

/**
 * Starts measuring. `ownSeconds` reads the CPU time of the benchmark's processes so far (this
 * process, and any child it runs); `stop` reports the shares since the start.
 */
export async function startCpuMeter(
  ownSeconds: () => Promise<number>,
): Promise<{ stop: () => Promise<CpuShare> }> {
  const startedAt = performance.now();
  const machineAtStart = machineBusySeconds();
  const ownAtStart = await ownSeconds();
  return {
    stop: async () => {
      const seconds = (performance.now() - startedAt) / 1000;
      const own = (await ownSeconds()) - ownAtStart;
      const machineNow = machineBusySeconds();
      const machine =
        machineNow === undefined || machineAtStart === undefined
          ? undefined
          : machineNow - machineAtStart;
      return {
        cpus: os.cpus().length,
        seconds,
        benchmark: own / seconds,
        others: machine === undefined ? undefined : Math.max(0, machine - own) / seconds,
      };
    },
  };
}

/** One line for a report: the machine's CPUs and who kept them busy. */
export function formatCpuShare(share: CpuShare): string {
  const benchmark = share.benchmark.toFixed(2);
  if (share.others === undefined) {
    return `Machine: during the runs the benchmark kept ${benchmark} CPUs busy on average; this system does not report its CPU time, so what other processes used is unknown`;
  }
  const busy =
    share.others > BUSY_OTHERS
      ? '; other processes were busy: the ratios are not those of a quiet machine'
      : '';
  return `Machine: ${share.cpus} CPUs; during the runs the benchmark kept ${benchmark} of them busy on average, other processes ${share.others.toFixed(2)}${busy}`;
}
