import os from 'node:os';
import { expect, test } from 'vitest';
import { BUSY_OTHERS, formatCpuShare, startCpuMeter } from '../../src/lib/bench/cpu-meter';

test("the benchmark's share is its own CPU time over the time measured; others never below 0", async () => {
  // A benchmark that reports 1 CPU-second of its own, more than the machine can have spent.
  const readings = [0, 1];
  const meter = await startCpuMeter(() => Promise.resolve(readings.shift() ?? NaN));
  const share = await meter.stop();
  expect(share.cpus).toBe(os.cpus().length);
  expect(share.benchmark * share.seconds).toBeCloseTo(1, 9);
  expect(share.others).toBe(0);
});

test('a run is marked as busy when other processes held more than a quarter of a CPU', () => {
  const share = { cpus: 2, seconds: 10, benchmark: 1.3 };
  expect(formatCpuShare({ ...share, others: 0.02 })).toBe(
    'Machine: 2 CPUs; during the runs the benchmark kept 1.30 of them busy on average, other processes 0.02',
  );
  expect(BUSY_OTHERS).toBe(0.25);
  expect(formatCpuShare({ ...share, others: 0.9 })).toMatch(
    /other processes 0\.90; other processes were busy: the ratios are not those of a quiet machine$/,
  );
  expect(formatCpuShare({ ...share, others: undefined })).toMatch(
    /kept 1\.30 CPUs busy on average; this system does not report its CPU time, so what other/,
  );
});
