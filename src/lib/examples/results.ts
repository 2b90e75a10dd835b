/** The results file (examples/results.json), its Markdown table, and comparison of two runs. */
import { MODULE_IDS, PATTERNS, type ModuleId } from './catalog';
import type { ModuleInfo } from './modules';

export const OUTCOMES = [
  'pass',
  'fail',
  'not-applicable',
  'hazard-observed',
  'hazard-not-observed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** stress: safe multi-threaded patterns under load; plain/asan: single-threaded patterns in a
 * plain and a sanitizer build; reinit/control: the anti-pattern and its control. */
export type Variant = 'stress' | 'plain' | 'asan' | 'reinit' | 'control';

export interface ReturnCode {
  call: string;
  rv: string;
  count: number;
}

export interface ResultEntry {
  pattern: string;
  variant: Variant;
  module: ModuleId;
  moduleVersion: string;
  threadCondition: string;
  threadsAtFork: { min: number; max: number };
  outcome: Outcome;
  reason: string;
  returnCodes: ReturnCode[];
  forks: number;
  iterations: number;
  clean: number;
  failed: number;
  hangs: number;
  crashes: number;
  stuck: number;
  parentChecks: number;
  durationMs: number;
  note: string;
}

export interface ModuleRecord {
  id: ModuleId;
  modulePath: string;
  version: string;
  info: ModuleInfo;
}

export interface ResultsFile {
  $comment: string;
  generated: string;
  host: { arch: string; cpus: number };
  modules: ModuleRecord[];
  results: ResultEntry[];
}

export function describeVersion(info: ModuleInfo): string {
  const packages = Object.entries(info.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return `${info.manufacturer} ${info.libraryVersion} (${packages})`;
}

/** Stable order: catalog order of patterns, then variant, then module id order. */
export function sortResults(results: ResultEntry[]): ResultEntry[] {
  const patternIndex = (id: string): number => PATTERNS.findIndex((p) => p.id === id);
  const variants: Variant[] = ['stress', 'plain', 'asan', 'reinit', 'control'];
  return [...results].sort(
    (a, b) =>
      patternIndex(a.pattern) - patternIndex(b.pattern) ||
      variants.indexOf(a.variant) - variants.indexOf(b.variant) ||
      MODULE_IDS.indexOf(a.module) - MODULE_IDS.indexOf(b.module),
  );
}

export function resultKey(entry: Pick<ResultEntry, 'pattern' | 'variant' | 'module'>): string {
  return `${entry.pattern}/${entry.variant}/${entry.module}`;
}

/**
 * A hazard seen this rarely (hangs + crashes, per run of 100 forks) may or may not show up in
 * any one run: SoftHSM2 with reset_on_fork crashes or hangs in about 0-2 of 100 forks, NSS
 * softoken in 0-1. A flip between observed and not observed where both runs stay at or below
 * this count is reported as unstable, not as a difference; a flip from a clear rate is one.
 */
export const LOW_RATE_EVENTS = 5;

function hazardEvents(entry: ResultEntry): number {
  return entry.hangs + entry.crashes;
}

function isLowRateFlip(a: ResultEntry, b: ResultEntry): boolean {
  const hazard = ['hazard-observed', 'hazard-not-observed'];
  return (
    hazard.includes(a.outcome) &&
    hazard.includes(b.outcome) &&
    hazardEvents(a) <= LOW_RATE_EVENTS &&
    hazardEvents(b) <= LOW_RATE_EVENTS
  );
}

export interface Comparison {
  /** Categorical disagreements: outcome changed, entry missing or new. */
  differences: string[];
  /** Rare hazards seen in one run and not the other (see LOW_RATE_EVENTS). */
  unstable: string[];
  /** Module versions that changed (reported, not a failure by themselves). */
  versionChanges: string[];
}

/** Compares categorical outcomes; counts and timings may differ between runs. */
export function compareResults(committed: ResultsFile, fresh: ResultsFile): Comparison {
  const differences: string[] = [];
  const unstable: string[] = [];
  const versionChanges: string[] = [];
  const freshByKey = new Map(fresh.results.map((e) => [resultKey(e), e]));
  const committedKeys = new Set(committed.results.map(resultKey));
  for (const old of committed.results) {
    const now = freshByKey.get(resultKey(old));
    if (!now) differences.push(`${resultKey(old)}: in the committed results, not in the fresh run`);
    else if (now.outcome !== old.outcome) {
      const line = `${resultKey(old)}: committed ${old.outcome} (${hazardEvents(old)} events), fresh run ${now.outcome} (${hazardEvents(now)} events)`;
      if (isLowRateFlip(old, now)) unstable.push(line);
      else
        differences.push(`${resultKey(old)}: committed ${old.outcome}, fresh run ${now.outcome}`);
    }
  }
  for (const now of fresh.results)
    if (!committedKeys.has(resultKey(now)))
      differences.push(`${resultKey(now)}: new in the fresh run (${now.outcome})`);
  for (const old of committed.modules) {
    const now = fresh.modules.find((m) => m.id === old.id);
    if (now && now.version !== old.version)
      versionChanges.push(`${old.id}: ${old.version} -> ${now.version}`);
  }
  return { differences, unstable, versionChanges };
}

/** Failures a run reports with exit status 1. */
export function findFailures(file: ResultsFile): string[] {
  const failures = file.results
    .filter((e) => e.outcome === 'fail')
    .map((e) => `${resultKey(e)}: ${e.reason || 'failed'}`);
  const hazardRuns = file.results.filter((e) => e.variant === 'reinit' || e.variant === 'control');
  if (hazardRuns.length > 0 && !hazardRuns.some((e) => e.outcome === 'hazard-observed'))
    failures.push('atfork-reinit: the hazard was observed on no module');
  return failures;
}

function cell(entry: ResultEntry | undefined): string {
  if (!entry) return '–';
  if (entry.outcome === 'hazard-observed' || entry.outcome === 'hazard-not-observed')
    return `${entry.outcome}: ${entry.hangs} hangs, ${entry.crashes} crashes / ${entry.iterations}`;
  if (entry.outcome === 'pass') return `pass (${entry.clean}/${entry.forks})`;
  return `${entry.outcome}${entry.reason ? `: ${entry.reason}` : ''}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function toMarkdown(file: ResultsFile): string {
  const modules = file.modules.map((m) => m.id);
  const rows = new Map<string, ResultEntry[]>();
  for (const entry of sortResults(file.results)) {
    const key = `${entry.pattern}\u0000${entry.variant}`;
    rows.set(key, [...(rows.get(key) ?? []), entry]);
  }
  const lines = [
    '<!-- Generated by `npm run examples`; do not edit. -->',
    '',
    '# Fork-pattern examples: results',
    '',
    `Generated ${file.generated} on ${file.host.arch}, ${file.host.cpus} CPUs.`,
    '',
    `| Pattern | Variant | Threads at fork | ${modules.join(' | ')} |`,
    `| --- | --- | --- | ${modules.map(() => '---').join(' | ')} |`,
  ];
  for (const entries of rows.values()) {
    const first = entries[0];
    if (!first) continue;
    const threads =
      first.threadsAtFork.min === first.threadsAtFork.max
        ? `${first.threadsAtFork.min}`
        : `${first.threadsAtFork.min}–${first.threadsAtFork.max}`;
    const cells = modules.map((id) => escapeCell(cell(entries.find((e) => e.module === id))));
    lines.push(`| \`${first.pattern}\` | ${first.variant} | ${threads} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Modules', '', '| Id | Module | Version |', '| --- | --- | --- |');
  for (const m of file.modules)
    lines.push(`| \`${m.id}\` | \`${m.modulePath}\` | ${escapeCell(m.version)} |`);
  lines.push(
    '',
    'Variants: *stress* = the parent forks while worker threads keep calling the module;',
    '*plain*/*asan* = plain and AddressSanitizer+UBSan builds; *reinit* = C_Initialize in a',
    'pthread_atfork child handler (the anti-pattern); *control* = no re-initialisation, the child',
    'makes one ordinary call. A hang is a child still running after the bound and blocked in a',
    'futex wait.',
    '',
  );
  return lines.join('\n');
}

export function toText(file: ResultsFile): string {
  const lines = sortResults(file.results).map(
    (e) =>
      `${e.pattern.padEnd(20)} ${e.variant.padEnd(8)} ${e.module.padEnd(23)} ${cell(e)}` +
      (e.note ? `  [${e.note}]` : ''),
  );
  return lines.join('\n') + '\n';
}
