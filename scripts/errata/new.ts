/** `npm run errata -- new`: a new record with the next free id. */
import { parseArgs } from 'node:util';
import { EXIT_OK, oneOf, UsageError } from '../../src/lib/cli';
import { createRecord, TYPES } from '../../src/lib/errata';
import { parseAffects, paths, recordOptions, relative } from './shared';

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...recordOptions,
      title: { type: 'string' },
      by: { type: 'string' },
      via: { type: 'string' },
      date: { type: 'string' },
    },
  });
  if (values.title === undefined || values.title.trim() === '')
    throw new UsageError('new needs a title: npm run errata -- new --title "What is wrong"');
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    throw new UsageError(`--date ${values.date}: expected YYYY-MM-DD, e.g. --date 2015-05-10`);
  const affects = parseAffects(values.affects);
  const created = await createRecord(paths, {
    title: values.title,
    ...(values.type === undefined ? {} : { type: oneOf(values.type, TYPES, '--type') }),
    ...(affects === undefined ? {} : { affects }),
    ...(values.anchor === undefined ? {} : { anchor: values.anchor }),
    ...(values.by === undefined ? {} : { by: values.by }),
    ...(values.via === undefined ? {} : { via: values.via }),
    ...(values.date === undefined ? {} : { date: values.date }),
  });
  process.stdout.write(`${relative(created.path)}\n`);
  return EXIT_OK;
}
