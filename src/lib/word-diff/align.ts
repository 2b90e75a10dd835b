/**
 * The alignment of two sequences that every diff of this project rests on: the words of two
 * passages, the sentences or components of two versions of a section, the sibling sections of
 * two versions of a page. The shortest edit script comes from jsdiff (`diff`, Myers' O(ND)
 * algorithm), so there is one diff algorithm in the project and it is not ours.
 */
import { diffArrays } from 'diff';

/** A run both sides share (index pairs), or what only one side has between two such runs. */
export type Stretch =
  | { kind: 'same'; pairs: [number, number][] }
  | { kind: 'changed'; removed: number[]; added: number[] };

const run = (start: number, count: number): number[] =>
  Array.from({ length: count }, (_, offset) => start + offset);

/** The stretches that turn `a` into `b`, in order; items are equal when `same` says so. */
export function alignSequences<T>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T, y: T) => boolean = (x, y) => x === y,
): Stretch[] {
  const stretches: Stretch[] = [];
  let i = 0;
  let j = 0;
  for (const change of diffArrays([...a], [...b], { comparator: same })) {
    if (!change.added && !change.removed) {
      stretches.push({ kind: 'same', pairs: run(0, change.count).map((k) => [i + k, j + k]) });
      i += change.count;
      j += change.count;
      continue;
    }
    // jsdiff may give a removal and an addition in either order: one gap holds both.
    let gap = stretches.at(-1);
    if (gap?.kind !== 'changed') {
      gap = { kind: 'changed', removed: [], added: [] };
      stretches.push(gap);
    }
    if (change.removed) {
      gap.removed.push(...run(i, change.count));
      i += change.count;
    } else {
      gap.added.push(...run(j, change.count));
      j += change.count;
    }
  }
  return stretches;
}

/** Only the gaps: what was removed and added between the runs both sides share. */
export function changedStretches<T>(
  a: readonly T[],
  b: readonly T[],
  same?: (x: T, y: T) => boolean,
): { removed: number[]; added: number[] }[] {
  return alignSequences(a, b, same).flatMap((stretch) =>
    stretch.kind === 'changed' ? [stretch] : [],
  );
}
