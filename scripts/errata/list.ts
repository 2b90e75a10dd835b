/** `npm run errata -- list`: the records, filtered and sorted. */
import { parseArgs } from 'node:util';
import { oneOf, parseFormat, UsageError, EXIT_FINDINGS, EXIT_OK, defined } from '../../src/lib/cli';
import {
  byId,
  byLastActivity,
  DOCUMENT_IDS,
  filterErrata,
  listJson,
  listMarkdown,
  listText,
  loadReportableRecords,
  STATUSES,
  TYPES,
  type ErratumType,
  type Status,
} from '../../src/lib/errata';
import { paths } from './shared';
import { LIST_OPTIONS } from '../../src/lib/errata/help/list-options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: LIST_OPTIONS,
  });
  const format = parseFormat(values, ['text', 'json', 'markdown']);
  const status = values.status
    ?.split(',')
    .map((s) => oneOf<Status>(s.trim(), STATUSES, '--status'));
  const type = values.type?.split(',').map((t) => oneOf<ErratumType>(t.trim(), TYPES, '--type'));
  if (values.document !== undefined) oneOf(values.document, DOCUMENT_IDS, '--document');
  if (values.section !== undefined && !/^\d+(\.\d+)*$/.test(values.section))
    throw new UsageError(`--section ${values.section}: expected a section number, e.g. 2.5.2`);
  const sort = oneOf(values.sort ?? 'id', ['id', 'activity'], '--sort');
  const { records, skipped } = await loadReportableRecords(paths);
  for (const line of skipped) process.stderr.write(line);
  const selected = filterErrata(records, {
    ...defined({ status, type, document: values.document, section: values.section }),
  }).sort(sort === 'id' ? byId : byLastActivity);
  const render = format === 'json' ? listJson : format === 'markdown' ? listMarkdown : listText;
  process.stdout.write(render(selected));
  return skipped.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}
