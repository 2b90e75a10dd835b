/** `npm run errata -- validate`: every record, inbox proposal and the ignored list, checked. */
import { EXIT_FINDINGS, EXIT_OK } from '../../src/lib/cli';
import { formatOnlyArguments } from '../../src/lib/cli/format-option';
import { formatFindingsReport, validateErrata, validateSummary } from '../../src/lib/errata';
import { paths } from './shared';

export async function run(args: string[]): Promise<number> {
  const format = formatOnlyArguments(args, ['text', 'json', 'github']);
  const { findings, checked } = await validateErrata(paths);
  process.stdout.write(
    formatFindingsReport(findings, format, {
      json: { checked, findings },
      summary: validateSummary(checked, findings),
      githubTitle: (finding) => `errata ${finding.rule}`,
    }),
  );
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}
