/** What the errata commands share: the paths, and the options of a record. */
import path from 'node:path';
import { oneOf, UsageError } from '../../src/lib/cli';
import { DOCUMENT_IDS, errataPaths } from '../../src/lib/errata';

export const paths = errataPaths(process.cwd());
export const relative = (file: string): string => path.relative(process.cwd(), file);

/** The options `new` and `screen accept` share. */
export const recordOptions = {
  type: { type: 'string' },
  affects: { type: 'string', multiple: true },
  anchor: { type: 'string' },
} as const;

/** `--affects ug-3.2-cn01:2.5.2`, repeatable. */
export function parseAffects(
  values: string[] | undefined,
): { document: string; section: string }[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((value) => {
    const [document = '', section = ''] = value.split(':');
    oneOf(document, DOCUMENT_IDS, '--affects document');
    if (!/^\d+(\.\d+)*$/.test(section))
      throw new UsageError(
        `--affects ${value}: expected <document>:<section>, e.g. ug-3.2-cn01:2.5.2`,
      );
    return { document, section };
  });
}
