/**
 * What a page shows of a recommendation: the registry entry with links to its examples and, for
 * each claim, what examples/results.json measured. The recommendations plugin builds it for the
 * traceability check's report and the remark plugin for the pages that cite it.
 */
import type { ResultsFile } from '../examples/index';
import type { RuntimesFile } from '../runtimes/results';
import { evaluateClaim } from './evaluate';
import type { Audience, Registry } from './schema';

export interface MeasuredClaim {
  id: string;
  text: string;
  pattern: string;
  variant: string;
  module: string;
  holds: boolean;
  measured: string;
  moduleVersion: string;
}

export interface RecommendationView {
  id: string;
  audience: Audience;
  title: string;
  statement: string;
  reason: string;
  since: '2.40' | '3.0';
  examples: { name: string; url: string }[];
  claims: MeasuredClaim[];
}

/**
 * The views of every recommendation. `fileUrl` is the base of links to a file in the repository,
 * e.g. `https://github.com/o/r/blob/main/`.
 */
export function recommendationViews(
  registry: Registry,
  results: ResultsFile,
  fileUrl: string,
  runtimes?: RuntimesFile,
): RecommendationView[] {
  return registry.recommendations.map((r) => ({
    id: r.id,
    audience: r.audience,
    title: r.title,
    statement: r.statement,
    reason: r.reason,
    since: r.since,
    examples: r.examples.map((name) => ({ name, url: `${fileUrl}examples/${name}.c` })),
    claims: r.claims.map((claim) => {
      const { holds, measured, moduleVersion } = evaluateClaim(claim, results, runtimes);
      const runtime = 'runtime' in claim;
      return {
        id: claim.id,
        text: claim.text,
        pattern: runtime ? claim.runtime : claim.pattern,
        variant: runtime ? 'runtime' : claim.variant,
        module: claim.module,
        holds,
        measured,
        moduleVersion,
      };
    }),
  }));
}

/**
 * What a page prints of a claim: the check's own fields (pattern, cell, verdict) stay out, and a
 * recommendation box leaves out the measurement of a claim its page already prints in the text.
 */
export type ShownClaim = Pick<MeasuredClaim, 'id' | 'text'> &
  Partial<Pick<MeasuredClaim, 'measured' | 'moduleVersion'>>;

/** What a page prints of a recommendation. */
export type ShownRecommendation = Omit<RecommendationView, 'claims'> & { claims: ShownClaim[] };

export function shownClaim({ id, text, measured, moduleVersion }: MeasuredClaim): ShownClaim {
  return { id, text, measured, moduleVersion };
}

/** `citedInText`: the claims the page prints in running text, whose measurement it has. */
export function shownRecommendation(
  view: RecommendationView,
  citedInText: ReadonlySet<string> = new Set(),
): ShownRecommendation {
  return {
    ...view,
    claims: view.claims.map((claim) =>
      citedInText.has(claim.id) ? { id: claim.id, text: claim.text } : shownClaim(claim),
    ),
  };
}
