/**
 * Deep key sorting, so that a file written from a JSON value is the same bytes for the same
 * content. Two orders exist because two committed kinds of file were first written with them and
 * re-sorting either would rewrite it once for nothing: the OpenAPI subset is in code-unit order
 * (`Array.prototype.sort`'s default, `+1` before `-1`), the GitHub sync's HTTP cache in locale
 * order (`localeCompare`, `-1` before `+1`, `…/{issue_number}` before `…/comments`).
 */

export type KeyOrder = 'code-unit' | 'locale';

const COMPARE: Record<KeyOrder, ((a: string, b: string) => number) | undefined> = {
  'code-unit': undefined,
  locale: (a, b) => a.localeCompare(b),
};

/** A copy of `value` whose objects, at every depth, have their keys in `order`; arrays keep theirs. */
export function sortKeysDeep<T>(value: T, order: KeyOrder): T {
  const compare = COMPARE[order];
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record).sort(compare);
    return Object.fromEntries(keys.map((key) => [key, sort(record[key])]));
  };
  return sort(value) as T;
}
