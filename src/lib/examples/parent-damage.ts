/**
 * A damaged parent in words. In a hazard run the parent signs and verifies after every fork; a
 * child that calls the module on the parent's inherited daemon connection (pcscd, tpm2-abrmd)
 * can make that check fail, block, or crash the parent. This file only words what the results
 * hold; it imports nothing that needs Node, so the site's components can use it.
 */
import type { CrashSignal, ReturnCode } from './results';

/** What describeParentDamage reads: a pooled cell or one run. */
export interface ParentDamageCounts {
  /** Forks after which the parent was damaged (failed, blocked or crashed). */
  parentDamaged?: number;
  /** Forks made. */
  forks: number;
  parentDamageCodes?: ReturnCode[];
  /** Runs whose parent blocked past its bound, and runs it crashed, by signal. */
  parentBlocked?: number;
  parentCrashSignals?: CrashSignal[];
  /** Repeat runs, when more than one was pooled. */
  runs?: number;
}

/** The distinct return codes of the parent's failed calls, most frequent first. */
export function parentDamageReturnCodes(codes: readonly ReturnCode[] = []): string[] {
  const byRv = new Map<string, number>();
  for (const { rv, count } of codes) byRv.set(rv, (byRv.get(rv) ?? 0) + count);
  return [...byRv.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rv]) => rv);
}

/**
 * "the parent's next call failed after 97 of 100 forks (CKR_GENERAL_ERROR)"; where the parent
 * also blocked or crashed, "the parent was damaged after N of M forks (its next call failed:
 * CKR_…; it crashed (signal 11) in 1 of 2 runs, which ended the run)". Undefined when the
 * parent was never damaged.
 */
export function describeParentDamage(counts: ParentDamageCounts): string | undefined {
  const damaged = counts.parentDamaged ?? 0;
  if (damaged === 0) return undefined;
  const codes = parentDamageReturnCodes(counts.parentDamageCodes);
  const runs = counts.runs ?? 1;
  const ofRuns = (n: number): string => (runs > 1 ? ` in ${n} of ${runs} runs` : '');
  const crashes = (counts.parentCrashSignals ?? []).reduce((n, c) => n + c.count, 0);
  const blocked = counts.parentBlocked ?? 0;
  const after = `after ${damaged} of ${counts.forks} forks`;
  if (blocked === 0 && crashes === 0)
    return `the parent's next call failed ${after}${codes.length ? ` (${codes.join(', ')})` : ''}`;
  const how: string[] = [];
  if (codes.length) how.push(`its next call failed: ${codes.join(', ')}`);
  if (blocked > 0) how.push(`it blocked past its bound${ofRuns(blocked)}`);
  if (crashes > 0) {
    const signals = (counts.parentCrashSignals ?? []).map((c) => `signal ${c.signal}`).join(', ');
    how.push(`it crashed (${signals})${ofRuns(crashes)}, which ended the run`);
  }
  return `the parent was damaged ${after} (${how.join('; ')})`;
}

/** A pooled cell's parent damage in words: counts from its pool, return codes and signals from the cell. */
export function describePooledParentDamage(
  pooled: Pick<ParentDamageCounts, 'parentDamaged' | 'forks' | 'parentBlocked' | 'runs'>,
  cell: Pick<ParentDamageCounts, 'parentDamageCodes' | 'parentCrashSignals'>,
): string | undefined {
  return describeParentDamage({
    parentDamaged: pooled.parentDamaged,
    forks: pooled.forks,
    parentDamageCodes: cell.parentDamageCodes,
    parentBlocked: pooled.parentBlocked,
    parentCrashSignals: cell.parentCrashSignals,
    runs: pooled.runs,
  });
}
