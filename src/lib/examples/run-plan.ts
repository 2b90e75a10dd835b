/** Which runs a matrix makes: one spec per pattern and variant, with its forks, threads and bound. */
import type { BuildOutput } from './build';
import { PATTERNS, type ModuleId } from './catalog';
import { HAZARD_FORKS } from './hazard';
import type { Variant } from './results';

export interface RunSpec {
  pattern: string;
  variant: Variant;
  sanitizer: boolean;
  forks: number;
  threads: number;
  boundMs: number;
}

export interface MatrixOptions {
  patterns?: readonly string[];
  modules?: readonly ModuleId[];
  /** Forks per run of the anti-pattern and its control (default HAZARD_FORKS). */
  hazardForks?: number;
  /** Runs per hazard cell, pooled (default DEFAULT_REPEAT). */
  repeat?: number;
  /** Worker threads inside the module during the anti-pattern runs (default 2). */
  hazardThreads?: number;
  /** Forks in stress mode for the multi-threaded safe patterns (default 50, at least 50). */
  stressForks?: number;
  /** Module configurations run at the same time (default: min(2, CPUs)). */
  concurrency?: number;
  /** Hard bound for one example run (default 120 s). */
  runTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A child still running after this is examined; generous, so a slow machine is not a hazard. */
export const CHILD_BOUND_MS = 5_000;

export function planRuns(options: MatrixOptions, build: BuildOutput): RunSpec[] {
  const wanted = options.patterns ?? PATTERNS.map((p) => p.id);
  const specs: RunSpec[] = [];
  for (const pattern of PATTERNS.filter((p) => wanted.includes(p.id))) {
    const base = { pattern: pattern.id, sanitizer: false, boundMs: CHILD_BOUND_MS, threads: 2 };
    if (pattern.condition === 'multi') {
      specs.push({ ...base, variant: 'stress', forks: Math.max(50, options.stressForks ?? 50) });
    } else if (pattern.condition === 'single') {
      const forks = pattern.id === 'prefork-workers' ? 4 : 10;
      specs.push({ ...base, variant: 'plain', forks, threads: 0 });
      if (build.sanitizerExamples.includes(pattern.id))
        specs.push({ ...base, variant: 'asan', sanitizer: true, forks: 3, threads: 0 });
    } else if (pattern.condition === 'parent') {
      // A single-threaded parent and a child that finalises: one run of each variant.
      for (const variant of ['control', 'reinit'] as const)
        specs.push({ ...base, variant, forks: 10, threads: 0 });
    } else {
      const forks = options.hazardForks ?? HAZARD_FORKS;
      const threads = options.hazardThreads ?? 2;
      specs.push({ ...base, variant: 'reinit', forks, threads });
      specs.push({ ...base, variant: 'control', forks, threads });
    }
  }
  return specs;
}
