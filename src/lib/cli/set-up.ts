import { ConfigurationError } from '../errors';

/**
 * Work whose every failure is the machine's set-up, not a finding: the example and runtime
 * libraries fail only when a package, a module or a build is missing. The failure becomes a
 * ConfigurationError, which runCli prints as one line with exit code 2.
 */
export function asSetUp<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  });
}
