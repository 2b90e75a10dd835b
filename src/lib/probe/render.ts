/**
 * A probe report for people: plain text for a terminal, Markdown for a pull request or an issue.
 * Each verdict comes with the recommendation's title and a link to it in the guide; module text
 * (descriptions, labels) is data, escaped in Markdown.
 */
import { escapeInline } from '../wording/review/markdown';
import type { ProbeReport, ProbeScenario, Verdict } from './schema';

export interface RecommendationLink {
  title: string;
  url: string;
}

/** Titles and links of the recommendations, by id (from the registry and the site's address). */
export type RecommendationLinks = ReadonlyMap<string, RecommendationLink>;

const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  'not-applicable': 'N/A',
  unknown: 'UNKNOWN',
};

export function moduleName(report: ProbeReport): string {
  const info = report.provenance.info;
  return info === null
    ? baseName(report.provenance.module.path)
    : `${info.libraryDescription} ${info.libraryVersion} (${info.manufacturerId})`;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function provenanceLines(report: ProbeReport): string[] {
  const { provenance } = report;
  const token = provenance.token;
  const options = provenance.options;
  return [
    `module: ${provenance.module.path}${provenance.module.resolvedPath !== null && provenance.module.resolvedPath !== provenance.module.path ? ` (${provenance.module.resolvedPath})` : ''}`,
    `sha256: ${provenance.module.sha256 ?? 'unknown'}`,
    ...(provenance.info === null
      ? []
      : [
          `C_GetInfo: Cryptoki ${provenance.info.cryptokiVersion}, ${provenance.info.manufacturerId}, ${provenance.info.libraryDescription} ${provenance.info.libraryVersion}`,
        ]),
    ...(token === null ? [] : [`token: "${token.label}" (${token.manufacturerId} ${token.model})`]),
    `system: ${provenance.os.sysname} ${provenance.os.release} ${provenance.os.machine}, ${provenance.libc ?? 'unknown libc'}`,
    `probe ${report.probe.version}, ${provenance.date}; ${String(options.forks)} forks, ${String(options.threads)} threads, bound ${String(options.boundMs)} ms${options.finalize ? '' : ', --no-finalize'}`,
  ];
}

function childSummary(scenario: ProbeScenario): string {
  const child = scenario.observations.child;
  if (child === undefined || child === null) return '';
  const where = child.inCall === null ? '' : ` in ${child.inCall}`;
  const signal = child.signal === null ? '' : ` (${child.signal})`;
  return `child ${child.outcome}${where}${signal}`;
}

function scenarioFacts(scenario: ProbeScenario): string[] {
  const facts: string[] = [];
  const { observations } = scenario;
  const child = childSummary(scenario);
  if (child !== '') facts.push(child);
  const flags: [string, boolean | null | undefined][] = [
    ['inherits the login', observations.inheritsLogin],
    ['inherited session still valid', observations.inheritedSessionValid],
    ['new session already logged in', observations.newSessionLoggedIn],
    ['fresh login', observations.freshLogin],
    ['child signed', observations.childSignOk],
    ['fork-safe interface offered', observations.forkSafeOffered],
  ];
  for (const [label, value] of flags) {
    if (value !== undefined)
      facts.push(`${label}: ${value === null ? 'unknown' : value ? 'yes' : 'no'}`);
  }
  for (const [name, variant] of Object.entries(observations.variants ?? {})) {
    const hungIn = variant.hungIn
      .map((entry) => `${String(entry.count)} in ${entry.call ?? 'no call'}`)
      .join(', ');
    facts.push(
      `${name}: ${String(variant.forks ?? 0)} forks, ${String(variant.clean ?? 0)} clean, ${String(variant.failed ?? 0)} failed, ${String(variant.crashed ?? 0)} crashed, ${String(variant.hung ?? 0)} hung, ${String(variant.stuck ?? 0)} stuck${hungIn === '' ? '' : ` (hung ${hungIn})`}`,
    );
  }
  for (const measurement of observations.measurements ?? []) {
    facts.push(
      `${measurement.what}: ${measurement.medianUs === null ? measurement.state : `${String(Math.round(measurement.medianUs))} µs median of ${String(measurement.samples)}`}`,
    );
  }
  if (scenario.parentAfter !== null) {
    facts.push(
      `parent afterwards: ${scenario.parentAfter.ok ? 'unaffected' : `affected (${scenario.parentAfter.detail})`}`,
    );
  }
  return facts;
}

function callList(scenario: ProbeScenario): string {
  return scenario.calls
    .map(
      (call) =>
        `${call.who} ${call.call}${call.variant === undefined ? '' : ` [${call.variant}]`} → ${call.rv}${call.state === undefined ? '' : ` (${call.state})`}`,
    )
    .join('; ');
}

function summaryLine(report: ProbeReport): string {
  const { summary } = report;
  return `${String(summary.pass)} pass, ${String(summary.warn)} warn, ${String(summary.fail)} fail, ${String(summary.notApplicable)} not applicable, ${String(summary.unknown)} unknown`;
}

export function renderText(report: ProbeReport, links: RecommendationLinks): string {
  const lines = [
    `Fork behaviour of ${moduleName(report)}`,
    ...provenanceLines(report).map((line) => `  ${line}`),
    '',
  ];
  if (report.error !== null) {
    lines.push(
      `Error (${report.error.stage}): ${report.error.message}${report.error.rv === null ? '' : ` [${report.error.rv}]`}`,
      '',
    );
  }
  if (report.recommendations.length > 0) {
    lines.push('Recommendations');
    for (const verdict of report.recommendations) {
      const link = links.get(verdict.id);
      lines.push(
        `  ${VERDICT_LABEL[verdict.verdict].padEnd(7)} ${verdict.id}${link === undefined ? '' : `: ${link.title}`}`,
      );
      lines.push(`          ${verdict.reason}`);
      if (link !== undefined) lines.push(`          ${link.url}`);
    }
    lines.push('');
  }
  if (report.scenarios.length > 0) {
    lines.push('Scenarios');
    for (const scenario of report.scenarios) {
      lines.push(
        `  ${scenario.id.padEnd(26)} ${scenario.status.padEnd(14)} ${String(scenario.durationMs).padStart(6)} ms`,
      );
      if (scenario.detail !== '') lines.push(`      ${scenario.detail}`);
      for (const fact of scenarioFacts(scenario)) lines.push(`      ${fact}`);
      const calls = callList(scenario);
      if (calls !== '') lines.push(`      calls: ${calls}`);
    }
    lines.push('');
  }
  lines.push(`Summary: ${summaryLine(report)}`);
  return `${lines.join('\n')}\n`;
}

export function renderMarkdown(report: ProbeReport, links: RecommendationLinks): string {
  const lines = [
    `## Fork behaviour of ${escapeInline(moduleName(report))}`,
    '',
    ...provenanceLines(report).map((line) => `- ${escapeInline(line)}`),
    '',
  ];
  if (report.error !== null) {
    lines.push(`**Error** (${report.error.stage}): ${escapeInline(report.error.message)}`, '');
  }
  if (report.recommendations.length > 0) {
    lines.push('| Verdict | Recommendation | Reason |', '| --- | --- | --- |');
    for (const verdict of report.recommendations) {
      const link = links.get(verdict.id);
      const name =
        link === undefined
          ? verdict.id
          : `[${verdict.id}](${link.url}) ${escapeInline(link.title)}`;
      lines.push(
        `| **${VERDICT_LABEL[verdict.verdict]}** | ${name} | ${escapeInline(verdict.reason)} |`,
      );
    }
    lines.push('');
  }
  for (const scenario of report.scenarios) {
    lines.push(
      `### \`${scenario.id}\`: ${scenario.status} (${String(scenario.durationMs)} ms)`,
      '',
    );
    if (scenario.detail !== '') lines.push(escapeInline(scenario.detail), '');
    for (const fact of scenarioFacts(scenario)) lines.push(`- ${escapeInline(fact)}`);
    const calls = callList(scenario);
    if (calls !== '') lines.push(`- calls: ${escapeInline(calls)}`);
    lines.push('');
  }
  lines.push(`**Summary:** ${summaryLine(report)}`);
  return `${lines.join('\n')}\n`;
}
