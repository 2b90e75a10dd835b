/** Errata findings as GitHub workflow annotations, titled `errata <rule>` in a workflow's log. */
import { formatFindingGithub, type Finding, type GithubAnnotationOptions } from '../findings';

export function formatErrataFindingGithub(
  finding: Finding,
  options: GithubAnnotationOptions = {},
): string {
  return formatFindingGithub(finding, { title: `errata ${finding.rule}`, ...options });
}
