/**
 * The traceability check: every recommendation has examples that exist, every claim agrees with
 * examples/results.json, every citation in the guide names something in the registry, every
 * recommendation is shown exactly once, the proposed text carries the current statements, and
 * every row of the field-evidence page links a recommendation the registry has.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Finding } from '../errata/index';
import { PATTERNS, type ResultsFile } from '../examples/index';
import { readRuntimes, RUNTIMES_RESULTS_FILE, type RuntimesFile } from '../runtimes/results';
import { scanDocs } from './docs-scan';
import { evaluateClaim, type Evaluation } from './evaluate';
import { checkFieldReports, FIELD_REPORTS_FILE } from './field-reports';
import { loadRegistry, REGISTRY_FILE } from './load';
import { plainProposedText, updateProposedText } from './proposed-text';
import type { Registry } from './schema';

export const PROPOSED_TEXT_FILE = path.join('docs', 'guide', 'proposed-text.md');
const RESULTS_FILE = path.join('examples', 'results.json');
/** Upper-case BCP 14 keywords: the Usage Guide is a Committee Note and does not use them. */
const BCP14 = /\b(MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED|OPTIONAL|MAY)( NOT)?\b/;

export interface TraceabilityInput {
  siteDir: string;
  /** Defaults to the site's examples/results.json. */
  results?: ResultsFile;
  /** Defaults to the site's examples/runtimes/results.json, read when a claim needs it. */
  runtimes?: RuntimesFile;
}

export interface Traceability {
  registry?: Registry;
  findings: Finding[];
  /** What the results show for each claim, by claim id (the pages print it). */
  evaluations: Map<string, Evaluation>;
}

/** Reports a finding at a field of the registry file. */
type ReportAt = (fieldPath: (string | number)[], rule: string, message: string) => void;

/** The ids the registry defines: what citations in the guide may name. */
interface RegistryIds {
  recommendationIds: Set<string>;
  claimIds: Set<string>;
}

/** Each claim of one recommendation: unique id, a known pattern, agrees with the results. */
function checkClaims(
  recommendation: Registry['recommendations'][number],
  i: number,
  context: { at: ReportAt; claimIds: Set<string>; results: ResultsFile; runtimes?: RuntimesFile },
  evaluations: Map<string, Evaluation>,
): void {
  const { at, claimIds } = context;
  recommendation.claims.forEach((claim, k) => {
    const where = ['recommendations', i, 'claims', k];
    if (claimIds.has(claim.id))
      at([...where, 'id'], 'duplicate-id', `claim ${claim.id} is listed twice`);
    claimIds.add(claim.id);
    if (!('runtime' in claim) && !PATTERNS.some((p) => p.id === claim.pattern)) {
      at([...where, 'pattern'], 'unknown-pattern', `no pattern "${claim.pattern}"`);
      return;
    }
    const evaluation = evaluateClaim(claim, context.results, context.runtimes);
    evaluations.set(claim.id, evaluation);
    if (!evaluation.holds)
      at(
        where,
        'claim-disagrees',
        `claim ${claim.id} disagrees with ${'runtime' in claim ? RUNTIMES_RESULTS_FILE : RESULTS_FILE}: expected ${JSON.stringify(claim.expect)}, measured ${evaluation.measured}`,
      );
  });
}

/** Each recommendation: unique id, lower-case wording, examples that exist, claims that hold. */
function checkRecommendations(
  registry: Registry,
  context: { at: ReportAt; siteDir: string; results: ResultsFile; runtimes?: RuntimesFile },
  evaluations: Map<string, Evaluation>,
): RegistryIds {
  const { at, siteDir } = context;
  const recommendationIds = new Set<string>();
  const claimIds = new Set<string>();
  registry.recommendations.forEach((r, i) => {
    if (recommendationIds.has(r.id))
      at(['recommendations', i, 'id'], 'duplicate-id', `${r.id} is listed twice`);
    recommendationIds.add(r.id);
    for (const field of ['title', 'statement', 'reason'] as const) {
      const keyword = BCP14.exec(r[field]);
      if (keyword)
        at(
          ['recommendations', i, field],
          'bcp14',
          `"${keyword[0]}": the Usage Guide is non-normative; write it in lower case or rephrase`,
        );
    }
    r.examples.forEach((example, k) => {
      if (!existsSync(path.join(siteDir, 'examples', `${example}.c`)))
        at(
          ['recommendations', i, 'examples', k],
          'missing-example',
          `examples/${example}.c does not exist; patterns are ${PATTERNS.map((p) => p.id).join(', ')}`,
        );
    });
    checkClaims(r, i, { ...context, claimIds }, evaluations);
  });
  return { recommendationIds, claimIds };
}

/** Every citation in the guide names something in the registry; each recommendation shows once. */
async function checkCitations(
  siteDir: string,
  registry: Registry,
  ids: RegistryIds,
  report: { at: ReportAt; findings: Finding[] },
): Promise<void> {
  const { at, findings } = report;
  const citations = await scanDocs(siteDir);
  const shown = new Map<string, number>();
  for (const c of citations) {
    const known = c.kind === 'Recommendation' ? ids.recommendationIds : ids.claimIds;
    if (!known.has(c.id))
      findings.push({
        file: c.file,
        line: c.line,
        rule: 'unknown-citation',
        message: `<${c.kind} id="${c.id}" /> names nothing in ${REGISTRY_FILE}`,
      });
    if (c.kind === 'Recommendation') shown.set(c.id, (shown.get(c.id) ?? 0) + 1);
  }
  registry.recommendations.forEach((r, i) => {
    const count = shown.get(r.id) ?? 0;
    if (count !== 1)
      at(
        ['recommendations', i, 'id'],
        count === 0 ? 'not-shown' : 'shown-twice',
        `${r.id} is shown ${count === 0 ? 'on no page' : `${count} times`}; put <Recommendation id="${r.id}" /> on exactly one page of the guide`,
      );
  });
}

/** The proposed text exists, its blocks parse, and its generated statements are current. */
async function checkProposedText(siteDir: string, registry: Registry): Promise<Finding[]> {
  const proposedPath = path.join(siteDir, PROPOSED_TEXT_FILE);
  if (!existsSync(proposedPath))
    return [
      {
        file: PROPOSED_TEXT_FILE,
        rule: 'missing-file',
        message: 'the proposed replacement text is missing',
      },
    ];
  const findings: Finding[] = [];
  const text = await readFile(proposedPath, 'utf8');
  const updated = updateProposedText(text, registry);
  for (const problem of updated.problems)
    findings.push({
      file: PROPOSED_TEXT_FILE,
      line: problem.line,
      rule: 'bad-block',
      message: problem.message,
    });
  try {
    plainProposedText(text);
  } catch (error) {
    findings.push({
      file: PROPOSED_TEXT_FILE,
      rule: 'bad-block',
      message: (error as Error).message,
    });
  }
  if (updated.text !== text)
    findings.push({
      file: PROPOSED_TEXT_FILE,
      rule: 'stale-text',
      message: `its generated statements differ from ${REGISTRY_FILE}; run \`npm run guide -- update\``,
    });
  return findings;
}

export async function checkTraceability(input: TraceabilityInput): Promise<Traceability> {
  const { siteDir } = input;
  const loaded = await loadRegistry(siteDir);
  const evaluations = new Map<string, Evaluation>();
  if (!loaded.registry) return { findings: loaded.findings, evaluations };
  const registry = loaded.registry;
  const findings: Finding[] = [];
  const at: ReportAt = (fieldPath, rule, message) => {
    findings.push({ file: REGISTRY_FILE, ...loaded.placeOf(fieldPath), rule, message });
  };
  const results =
    input.results ??
    (JSON.parse(await readFile(path.join(siteDir, RESULTS_FILE), 'utf8')) as ResultsFile);

  const needsRuntimes = registry.recommendations.some((r) => r.claims.some((c) => 'runtime' in c));
  const runtimes =
    input.runtimes ??
    (needsRuntimes ? await readRuntimes(path.join(siteDir, RUNTIMES_RESULTS_FILE)) : undefined);

  const context = { at, siteDir, results, ...(runtimes ? { runtimes } : {}) };
  const ids = checkRecommendations(registry, context, evaluations);
  await checkCitations(siteDir, registry, ids, { at, findings });

  const fieldReportsPath = path.join(siteDir, FIELD_REPORTS_FILE);
  if (existsSync(fieldReportsPath))
    findings.push(
      ...checkFieldReports(await readFile(fieldReportsPath, 'utf8'), registry).findings,
    );
  findings.push(...(await checkProposedText(siteDir, registry)));
  return { registry, findings, evaluations };
}
