/**
 * A word-level diff of two short passages, for showing what an erratum or a wording change
 * changes. Whitespace differences alone are not changes. The alignment is jsdiff's (align.ts).
 */
import { alignSequences } from './align';

export { alignSequences, changedStretches, type Stretch } from './align';

export type DiffSegment = { kind: 'same' | 'removed' | 'added'; text: string };

/** Passages longer than this many words are shown in full instead: a diff that long is unreadable. */
export const MAX_DIFF_WORDS = 400;

/** The words of a text, split at any whitespace. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function push(segments: DiffSegment[], kind: DiffSegment['kind'], words: readonly string[]): void {
  if (words.length === 0) return;
  const text = words.join(' ');
  const last = segments.at(-1);
  if (last?.kind === kind) last.text += ` ${text}`;
  else segments.push({ kind, text });
}

/** The segments that turn `before` into `after`, or undefined when either is too long. */
export function wordDiff(before: string, after: string): DiffSegment[] | undefined {
  const a = wordsOf(before);
  const b = wordsOf(after);
  if (a.length > MAX_DIFF_WORDS || b.length > MAX_DIFF_WORDS) return undefined;
  const segments: DiffSegment[] = [];
  const pick = (words: readonly string[], indexes: readonly number[]): string[] =>
    indexes.flatMap((index) => words[index] ?? []);
  for (const stretch of alignSequences(a, b)) {
    if (stretch.kind === 'same') {
      push(
        segments,
        'same',
        pick(
          a,
          stretch.pairs.map(([i]) => i),
        ),
      );
    } else {
      // Removals before additions, as diffs are usually read.
      push(segments, 'removed', pick(a, stretch.removed));
      push(segments, 'added', pick(b, stretch.added));
    }
  }
  return segments;
}
