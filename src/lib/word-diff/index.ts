/**
 * A word-level diff of two short passages (longest common subsequence over words), for showing
 * what an erratum changes. Whitespace differences alone are not changes.
 */

export type DiffSegment = { kind: 'same' | 'removed' | 'added'; text: string };

/** Passages longer than this many words are shown in full instead (the table grows as n × m). */
export const MAX_DIFF_WORDS = 400;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function push(segments: DiffSegment[], kind: DiffSegment['kind'], word: string): void {
  const last = segments.at(-1);
  if (last?.kind === kind) last.text += ` ${word}`;
  else segments.push({ kind, text: word });
}

/** The segments that turn `before` into `after`, or undefined when either is too long. */
export function wordDiff(before: string, after: string): DiffSegment[] | undefined {
  const a = words(before);
  const b = words(after);
  if (a.length > MAX_DIFF_WORDS || b.length > MAX_DIFF_WORDS) return undefined;
  // lengths[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lengths[i] ?? [];
      row[j] =
        a[i] === b[j]
          ? (lengths[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lengths[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const segments: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const wordA = a[i];
    const wordB = b[j];
    if (wordA !== undefined && wordA === wordB) {
      push(segments, 'same', wordA);
      i++;
      j++;
    } else if (
      wordA !== undefined &&
      (wordB === undefined || (lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0))
    ) {
      // On a tie, removals come before additions, as diffs are usually read.
      push(segments, 'removed', wordA);
      i++;
    } else if (wordB !== undefined) {
      push(segments, 'added', wordB);
      j++;
    }
  }
  return segments;
}
