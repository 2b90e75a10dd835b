/**
 * What every command-line tool of the project shares (DESIGN.md, "CLIs"): `--help`, output
 * formats, and exit codes — 0 ok, 1 findings or failures, 2 usage or set-up error.
 */

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** The command line is wrong; the message shows the corrected call. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Something the command needs is missing (a package, a file, a variable). Exit code 2. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export const OUTPUT_FORMATS = ['text', 'json', 'markdown', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
      const known = error instanceof UsageError || error instanceof SetupError;
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
