/**
 * The errors a library throws when the request it was given cannot be carried out, as opposed
 * to a bug. They name no command line: the CLI layer (`src/lib/cli`) maps both to exit code 2
 * and a one-line message (ARCHITECTURE.md, "Errors and exit codes").
 */

/** Something the work needs is missing or malformed: a package, a file, a variable, a setting. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** A value the caller passed names nothing usable (an unknown revision, a wrong repository). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
}
