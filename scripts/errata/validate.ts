/** `npm run errata -- validate`: every record, inbox proposal and the ignored list, checked. */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, parseFormat } from '../../src/lib/cli';
import { formatFindingsReport, validateErrata, validateSummary } from '../../src/lib/errata';
import { paths } from './shared';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, json: { type: 'boolean' } },
  });
  const format = parseFormat(values, ['text', 'json', 'github']);
  const { findings, checked } = await validateErrata(paths);
  process.stdout.write(
    formatFindingsReport(findings, format, {
      json: { checked, findings },
      summary: validateSummary(checked, findings),
    }),
  );
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}
