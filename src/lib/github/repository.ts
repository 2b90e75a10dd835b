/** `owner/name` as the CLIs take it with `--repo`. */
export const REPOSITORY_PATTERN = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

/** The owner and name of `owner/name`, or undefined when it is not of that shape. */
export function splitRepository(value: string): { owner: string; repo: string } | undefined {
  const match = REPOSITORY_PATTERN.exec(value);
  return match === null ? undefined : { owner: match[1] ?? '', repo: match[2] ?? '' };
}
