/**
 * `npm run probe -- validate`: probe reports checked against the schema — the files named, or
 * every published report (examples/probe/reports/) when none is named.
 */
import { readFile } from 'node:fs/promises';
import { readPublishedReports } from './project-reports';
import { parseProbeReport } from './schema';

export interface ReportValidation {
  valid: number;
  /** One line per problem, naming the file. */
  problems: string[];
}

export async function validateProbeReports(files: readonly string[]): Promise<ReportValidation> {
  let valid = 0;
  const problems: string[] = [];
  if (files.length === 0) {
    const published = await readPublishedReports();
    valid = published.reports.length;
    problems.push(...published.problems);
  }
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = parseProbeReport(json, file);
    problems.push(...parsed.problems);
    if (parsed.report !== undefined) valid += 1;
  }
  return { valid, problems };
}

export function formatReportValidation({ valid, problems }: ReportValidation): string {
  return [...problems, `${String(valid)} report(s) valid, ${String(problems.length)} problem(s).`]
    .map((line) => `${line}\n`)
    .join('');
}
