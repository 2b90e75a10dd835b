/** `npm run guide -- spec-headings`: the section numbers and titles of the specification. */
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError } from '../../src/lib/cli';
import { formatSpecHeadings, loadSpecChapters } from '../../src/lib/audit';

export async function specHeadings(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { source: { type: 'string' }, commit: { type: 'string' }, note: { type: 'string' } },
  });
  if (
    values.source === undefined ||
    values.commit === undefined ||
    !/^[0-9a-f]{40}$/.test(values.commit)
  )
    throw new UsageError('spec-headings needs --source <spec folder> --commit <40 hex digits>');
  const chapters = await loadSpecChapters(values.source);
  process.stdout.write(
    formatSpecHeadings(chapters, values.commit, values.note ?? 'working/doc/spec'),
  );
  return EXIT_OK;
}
