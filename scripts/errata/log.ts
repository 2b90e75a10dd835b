/** `npm run errata -- log`: the Comment Resolution Log. */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, oneOf } from '../../src/lib/cli';
import { loadReportableRecords, logCsv, logMarkdown } from '../../src/lib/errata';
import { paths } from './shared';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { format: { type: 'string' } } });
  const format = oneOf(values.format ?? 'markdown', ['markdown', 'csv'], '--format');
  const { records, skipped } = await loadReportableRecords(paths);
  for (const line of skipped) process.stderr.write(line);
  process.stdout.write(format === 'csv' ? logCsv(records) : logMarkdown(records));
  return skipped.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}
