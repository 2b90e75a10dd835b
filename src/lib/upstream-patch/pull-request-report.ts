/** What `upstream-patch --open-pr` did (or, in a dry run, would do), and its form for people. */

export type PullRequestStep =
  | { kind: 'fork'; repository: string; action: 'create' | 'reuse' | 'configured' }
  | { kind: 'branch'; ref: string; action: 'create' | 'update' | 'unchanged'; commit?: string }
  | { kind: 'file'; path: string; blobSha: string; changed: boolean | undefined }
  | {
      kind: 'pull-request';
      action: 'create' | 'update' | 'unchanged';
      number?: number;
      url?: string;
      fields?: string[];
    };

export interface PullRequestReport {
  dryRun: boolean;
  target: string;
  base: string;
  /** `owner/name` of the fork, once known (a dry run does not ask GitHub). */
  fork: string | undefined;
  branch: string;
  title: string;
  body: string;
  steps: PullRequestStep[];
  /** Write requests sent (0 in a dry run, and when nothing changed). */
  writes: number;
  warnings: string[];
}

/** The report for people: the plan of a dry run, or what was done. */
export function formatPullRequestReport(report: PullRequestReport): string {
  const lines: string[] = [
    report.dryRun
      ? 'Would open or update one pull request (dry run: nothing sent; --yes to write):'
      : 'Pull request:',
    `  target: ${report.target} (branch ${report.base})`,
  ];
  for (const step of report.steps) {
    switch (step.kind) {
      case 'fork':
        lines.push(
          `  fork:   ${step.repository} (${step.action === 'create' ? (report.dryRun ? 'created if the account has none' : 'created') : step.action === 'reuse' ? 'the account’s fork' : 'UPSTREAM_FORK'})`,
        );
        break;
      case 'branch':
        lines.push(
          `  branch: ${report.fork ?? '<fork>'}:${step.ref} (${step.action}${step.commit === undefined ? '' : ` at ${step.commit.slice(0, 12)}`})`,
        );
        break;
      case 'file':
        lines.push(
          `  file:   ${step.path} blob ${step.blobSha.slice(0, 12)}${step.changed === false ? ' (as on the branch)' : ''}`,
        );
        break;
      case 'pull-request':
        lines.push(
          `  pull request: ${step.action}${step.number === undefined ? '' : ` #${step.number}`}${step.url === undefined ? '' : ` ${step.url}`}${step.fields === undefined ? '' : ` (${step.fields.join(', ')})`}`,
        );
        break;
    }
  }
  lines.push(
    `  title:  ${report.title}`,
    '  body:',
    ...report.body
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  );
  lines.push(`${report.writes} write request(s) sent.`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
