/** Checks a claim against a results file and says, in words, what was measured. */
import {
  STABLE_OUTCOMES,
  describeHazard,
  type ResultEntry,
  type ResultsFile,
} from '../examples/index';
import { describeRuntimeHazard, findFact, type RuntimesFile } from '../runtimes/results';
import type { Claim, MatrixClaim, RuntimeClaim } from './schema';

export interface Evaluation {
  holds: boolean;
  /** What the results show, e.g. "child C_Initialize → CKR_OK in 10 of 10". */
  measured: string;
  /** The module version the result was measured on. */
  moduleVersion: string;
}

export function findResult(results: ResultsFile, claim: MatrixClaim): ResultEntry | undefined {
  return results.results.find(
    (e) => e.pattern === claim.pattern && e.variant === claim.variant && e.module === claim.module,
  );
}

export function evaluateClaim(
  claim: Claim,
  results: ResultsFile,
  runtimes?: RuntimesFile,
): Evaluation {
  if ('runtime' in claim) return evaluateRuntimeClaim(claim, runtimes);
  const entry = findResult(results, claim);
  if (!entry)
    return {
      holds: false,
      measured: `no result for ${claim.pattern} (${claim.variant}) on ${claim.module}`,
      moduleVersion: '',
    };
  const base = { moduleVersion: entry.moduleVersion };
  const { outcome, returns, note } = claim.expect;
  if (outcome !== undefined) {
    const counts = entry.runs
      ? `: ${describeHazard(entry)}`
      : ` (${entry.clean} of ${entry.forks} children clean)`;
    // A claim rests only on what every run shows: an intermittent or void cell fails it, even
    // when the claim expects exactly that.
    const stable = STABLE_OUTCOMES.includes(entry.outcome);
    const why = stable
      ? ''
      : ` (${entry.reason}; a claim may rest only on an outcome every run shows)`;
    return {
      ...base,
      holds: stable && entry.outcome === outcome,
      measured: `${entry.outcome}${counts}${why}`,
    };
  }
  if (returns !== undefined) {
    const seen = entry.returnCodes.filter((r) => r.call === returns.call);
    const total = seen.reduce((n, r) => n + r.count, 0);
    const matching = seen.filter((r) => r.rv === returns.rv).reduce((n, r) => n + r.count, 0);
    const others = seen.filter((r) => r.rv !== returns.rv).map((r) => `${r.rv} ×${r.count}`);
    return {
      ...base,
      holds: total > 0 && matching === total,
      measured:
        total === 0
          ? `${returns.call} was never recorded`
          : `${returns.call} → ${returns.rv} in ${matching} of ${total}${others.length ? ` (also ${others.join(', ')})` : ''}`,
    };
  }
  const pattern = new RegExp(note ?? '');
  return { ...base, holds: pattern.test(entry.note), measured: entry.note || '(no note)' };
}

/** A runtime claim holds when every fact it lists has the expected value. */
export function evaluateRuntimeClaim(claim: RuntimeClaim, runtimes?: RuntimesFile): Evaluation {
  const entry = runtimes && findFact(runtimes, claim.runtime, claim.module);
  if (!runtimes || !entry)
    return {
      holds: false,
      measured: `no result for ${claim.runtime} on ${claim.module} in examples/runtimes/results.json`,
      moduleVersion: '',
    };
  const wrong = Object.entries(claim.expect.facts).filter(([k, v]) => entry.facts[k] !== v);
  const shown = Object.keys(claim.expect.facts)
    .map((k) => `${k} ${String(entry.facts[k])}`)
    .join(', ');
  const versions = Object.entries(entry.packages).map(([name, v]) => `${name} ${v}`);
  const { outcome } = claim.expect;
  const hazard = entry.hazard;
  // As for the matrix's claims: an outcome holds only when every run showed it.
  const outcomeHolds =
    outcome === undefined ||
    (hazard !== undefined &&
      STABLE_OUTCOMES.includes(hazard.outcome) &&
      hazard.outcome === outcome);
  const counts = hazard ? `; ${describeRuntimeHazard(hazard)}` : '';
  return {
    holds: wrong.length === 0 && outcomeHolds,
    measured: `${shown} in ${entry.runs} of ${entry.runs} runs${counts}`,
    moduleVersion: versions.length > 0 ? versions.join(', ') : runtimes.machine.glibc,
  };
}
