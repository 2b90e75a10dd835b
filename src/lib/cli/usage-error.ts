/** The command line is wrong; the message shows the corrected call. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
