/**
 * The command line of a command whose only options are `--format <f>` and `--json` (errata
 * validate, guide check): read once here rather than in each of them.
 */
import { parseArgs } from 'node:util';
import type { OutputFormat } from '../output-formats';
import { parseFormat } from './index';

export function formatOnlyArguments(
  args: string[],
  offered: readonly OutputFormat[],
): OutputFormat {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, json: { type: 'boolean' } },
  });
  return parseFormat(values, offered);
}
