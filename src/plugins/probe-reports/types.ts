/** What the probe-reports plugin gives the module behaviour page (a generated JSON module). */
import type { ScenarioId, Verdict } from '../../lib/probe/schema';

export interface ProbeReportView {
  /** The configuration id (project) or the contributor's file name. */
  id: string;
  source: 'project' | 'contributed';
  /** Link to the full JSON report in the repository. */
  url: string;
  module: string;
  cryptokiVersion: string | null;
  /** The first 16 hex digits of the module's SHA-256 (the report holds all of it). */
  sha256: string | null;
  system: string;
  date: string;
  probeVersion: string;
  options: string;
  verdicts: { id: string; verdict: Verdict; reason: string }[];
  /** Scenarios that did not simply run: hung, crashed, skipped… */
  scenarios: { id: ScenarioId; status: string; detail: string }[];
}

export interface ProbeReportsData {
  reports: ProbeReportView[];
}

/** How the pages name each probe verdict (the probe table and its plain rendering alike). */
export const VERDICT_LABELS: Readonly<Record<string, string>> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'FAIL',
  'not-applicable': 'n/a',
  unknown: 'unknown',
};
