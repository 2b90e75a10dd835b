/**
 * Deep key sorting, so that a file written from a JSON value is the same bytes for the same
 * content, in one order for every file the project writes: code-unit order
 * (`Array.prototype.sort`'s default, so `+1` sorts before `-1`).
 */

/** A copy of `value` whose objects, at every depth, have their keys sorted; arrays keep their order. */
export function sortKeysDeep<T>(value: T): T {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return Object.fromEntries(keys.map((key) => [key, sort(record[key])]));
  };
  return sort(value) as T;
}
