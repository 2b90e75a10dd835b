/** A comma-separated list of ids (`--modules softhsm2,nss-softokn`), each one the command offers. */
import { oneOf } from './options';

/** `undefined` when the option was not given; blanks between commas are ignored. */
export function idList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  option: string,
): T[] | undefined {
  return value
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((id) => oneOf(id, allowed, option));
}
