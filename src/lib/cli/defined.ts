/**
 * Option values handed on without the ones that were not given: a script writes
 * `...defined({ token: values.token, pin })` instead of one `...(x === undefined ? {} : { x })`
 * spread per option, and a library's own default still applies where a key is absent.
 */

/** The same keys, each optional and never `undefined`. */
export type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** A copy of `values` without the keys whose value is `undefined`. */
export function defined<T extends Record<string, unknown>>(values: T): Defined<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Defined<T>;
}
