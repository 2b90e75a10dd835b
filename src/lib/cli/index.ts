/**
 * What every command-line tool of the project shares (ARCHITECTURE.md, "CLIs"): `--help`, output
 * formats, and exit codes — 0 ok, 1 findings or failures, 2 usage or set-up error. Libraries
 * never import this module; they throw the neutral errors of `src/lib/errors.ts`, mapped here.
 */

import { ConfigurationError, InvalidInputError } from '../errors';
import { OUTPUT_FORMATS, type OutputFormat } from '../output-formats';
import { UsageError } from './usage-error';

export { ConfigurationError, InvalidInputError } from '../errors';
export { OUTPUT_FORMATS, type OutputFormat } from '../output-formats';
export { defined, type Defined } from './defined';
export { runEditor } from './editor';
export { asSetUp } from './set-up';
export { idList } from './id-list';
export * from './options';
export { problemLines, warningLines } from './problem-lines';
export { textOption } from './text-option';
export { UsageError } from './usage-error';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Reads `--format <f>` or its short form `--json`, validating against the formats a command offers. */
export function parseFormat(
  values: { format?: string; json?: boolean },
  offered: readonly OutputFormat[] = OUTPUT_FORMATS,
): OutputFormat {
  if (values.json) return 'json';
  const format = values.format ?? 'text';
  if (!(offered as readonly string[]).includes(format)) {
    throw new UsageError(
      `--format ${format} is not offered; expected one of: ${offered.join(', ')}`,
    );
  }
  return format as OutputFormat;
}

/**
 * Runs a command's main function with the process arguments and exits with its code.
 * `--help`/`-h` prints the help text; errors become a one-line message and exit code 2.
 */
export function runCli(help: string, main: (argv: string[]) => Promise<number>): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    process.exitCode = EXIT_OK;
    return;
  }
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known =
        error instanceof UsageError ||
        error instanceof ConfigurationError ||
        error instanceof InvalidInputError;
      const parseError =
        error instanceof TypeError &&
        (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message}\n`);
      if (known || parseError) process.stderr.write(`Run with --help for usage.\n`);
      else if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
