/**
 * The field-evidence page (docs/guide/field-reports.md): a table of public bug reports, one row
 * each, that the traceability check reads. Every row names a real tracker entry by a GitHub link
 * whose text is `owner/name#number`, gives the year it was opened, says what happened in one
 * sentence, and links a recommendation of the registry on the page that shows it.
 */
import type { Finding } from '../errata/index';
import type { Audience, Registry } from './schema';

export const FIELD_REPORTS_FILE = 'docs/guide/field-reports.md';

/** Where each audience's recommendations are shown, for the link a row carries. */
export const AUDIENCE_PAGES: Record<Audience, string> = {
  app: './applications.mdx',
  module: './module-implementers.mdx',
  wrapper: './wrappers-and-runtimes.mdx',
};

export interface FieldReport {
  line: number;
  project: string;
  /** `owner/name`, from the link text. */
  repository: string;
  number: number;
  url: string;
  year: number;
  summary: string;
  recommendation: string;
  /** The page the recommendation link points at, e.g. `./applications.mdx`. */
  page: string;
}

const REPORT = /^\[([\w.-]+\/[\w.-]+)#(\d+)\]\((https:\/\/github\.com\/[^)\s]+)\)$/;
const RECOMMENDATION = /^\[(R-[A-Z0-9-]+)\]\(([^)#]+)#(R-[A-Z0-9-]+)\)$/;

/** Rows of the table under "## Reports"; a row that does not parse becomes a finding. */
export function parseFieldReports(text: string): { reports: FieldReport[]; findings: Finding[] } {
  const reports: FieldReport[] = [];
  const findings: Finding[] = [];
  const problem = (line: number, message: string): void => {
    findings.push({ file: FIELD_REPORTS_FILE, line, rule: 'bad-report', message });
  };
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (!raw.startsWith('|') || /^\|\s*(Project|-)/.test(raw)) return;
    const cells = raw
      .slice(1, raw.trimEnd().endsWith('|') ? raw.trimEnd().length - 1 : undefined)
      .split(' | ')
      .map((c) => c.trim());
    if (cells.length !== 5) {
      problem(
        line,
        `expected 5 cells (project, report, year, what happened, recommendation), found ${cells.length}`,
      );
      return;
    }
    const [project = '', report = '', yearText = '', summary = '', recommendation = ''] = cells;
    const link = REPORT.exec(report);
    if (!link) {
      problem(
        line,
        `the report cell "${report}" is not a link like [owner/name#123](https://github.com/owner/name/issues/123)`,
      );
      return;
    }
    const [, repository = '', numberText = '', url = ''] = link;
    if (!new RegExp(`^https://github\\.com/${repository}/(issues|pull)/${numberText}$`).test(url))
      problem(
        line,
        `the link ${url} does not point at ${repository}#${numberText}; write https://github.com/${repository}/issues/${numberText} (or /pull/)`,
      );
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 1995 || year > new Date().getUTCFullYear())
      problem(line, `the year "${yearText}" is not the four-digit year the report was opened`);
    const sentences = summary.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
    if (summary.length < 30 || sentences > 1)
      problem(
        line,
        `"what happened" is one sentence of at least 30 characters, found ${sentences} sentence(s) of ${summary.length}`,
      );
    const rec = RECOMMENDATION.exec(recommendation);
    if (!rec || rec[1] !== rec[3]) {
      problem(
        line,
        `the recommendation cell "${recommendation}" is not a link like [R-APP-CHILD-INITIALIZES](./applications.mdx#R-APP-CHILD-INITIALIZES)`,
      );
      return;
    }
    reports.push({
      line,
      project,
      repository,
      number: Number(numberText),
      url,
      year,
      summary,
      recommendation: rec[1] ?? '',
      page: rec[2] ?? '',
    });
  });
  return { reports, findings };
}

/** The reports the issue that asked for this page named; the page has to go beyond them. */
export const NAMED_REPORTS = [
  'OpenSC/libp11#39',
  'OpenSC/libp11#203',
  'OpenSC/libp11#245',
  'openssl-projects/pkcs11-provider#132',
  'openssl-projects/pkcs11-provider#281',
  'openssl-projects/pkcs11-provider#313',
  'OpenSC/pkcs11-helper#5',
  'OpenSC/pkcs11-helper#16',
  'OpenSC/engine_pkcs11#16',
  'softhsm/SoftHSMv2#513',
];

export interface FieldReportRules {
  /** At least this many reports. Default 15. */
  minimum?: number;
  /** At least this many beyond NAMED_REPORTS. Default 5. */
  beyondNamed?: number;
}

/** Every row parses, names a known recommendation on its audience's page, and none repeats. */
export function checkFieldReports(
  text: string,
  registry: Registry,
  rules: FieldReportRules = {},
): { reports: FieldReport[]; findings: Finding[] } {
  const { minimum = 15, beyondNamed = 5 } = rules;
  const { reports, findings } = parseFieldReports(text);
  const at = (line: number | undefined, rule: string, message: string): void => {
    findings.push({ file: FIELD_REPORTS_FILE, ...(line ? { line } : {}), rule, message });
  };
  const byId = new Map(registry.recommendations.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (const report of reports) {
    const key = `${report.repository}#${report.number}`;
    if (seen.has(key)) at(report.line, 'duplicate-report', `${key} is listed twice`);
    seen.add(key);
    const recommendation = byId.get(report.recommendation);
    if (!recommendation) {
      at(report.line, 'unknown-recommendation', `${report.recommendation} is not in the registry`);
      continue;
    }
    const page = AUDIENCE_PAGES[recommendation.audience];
    if (report.page !== page)
      at(
        report.line,
        'wrong-page',
        `${report.recommendation} is shown on ${page}, not ${report.page}`,
      );
  }
  if (reports.length < minimum)
    at(
      undefined,
      'too-few-reports',
      `${reports.length} reports; the page lists at least ${minimum}`,
    );
  const beyond = reports.filter((r) => !NAMED_REPORTS.includes(`${r.repository}#${r.number}`));
  if (beyond.length < beyondNamed)
    at(
      undefined,
      'too-few-reports',
      `${beyond.length} reports beyond the ones issue #24 named; the page lists at least ${beyondNamed}`,
    );
  return { reports, findings };
}
