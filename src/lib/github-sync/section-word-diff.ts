/**
 * The word diff the drift watch puts in its proposals, in git's `--word-diff=plain` notation, short
 * enough to read in a YAML file.
 */
import { wordDiff, type DiffSegment } from '../word-diff';

/** Unchanged words kept around each change in the proposal's diff: enough to place it. */
const CONTEXT_WORDS = 8;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/**
 * The word diff of two sections in git's `--word-diff=plain` notation (`[-old-]{+new+}`), long
 * unchanged stretches shortened to `…`. The common start and end are set aside first, so a long
 * section with a small change stays within the word-diff library's size bound.
 */
export function sectionWordDiff(before: string, after: string): string {
  const a = words(before);
  const b = words(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const middle: DiffSegment[] = wordDiff(
    a.slice(head, a.length - tail).join(' '),
    b.slice(head, b.length - tail).join(' '),
  ) ?? [
    { kind: 'removed', text: a.slice(head, a.length - tail).join(' ') },
    { kind: 'added', text: b.slice(head, b.length - tail).join(' ') },
  ];
  const start: DiffSegment = { kind: 'same', text: a.slice(0, head).join(' ') };
  const end: DiffSegment = { kind: 'same', text: a.slice(a.length - tail).join(' ') };
  const segments = [start, ...middle, end].filter((segment) => segment.text !== '');
  return segments
    .map((segment, index) => {
      if (segment.kind === 'removed') return `[-${segment.text}-]`;
      if (segment.kind === 'added') return `{+${segment.text}+}`;
      const list = words(segment.text);
      const first = index === 0;
      const last = index === segments.length - 1;
      if (list.length <= CONTEXT_WORDS * 2) return segment.text;
      if (first) return `… ${list.slice(-CONTEXT_WORDS).join(' ')}`;
      if (last) return `${list.slice(0, CONTEXT_WORDS).join(' ')} …`;
      return `${list.slice(0, CONTEXT_WORDS).join(' ')} … ${list.slice(-CONTEXT_WORDS).join(' ')}`;
    })
    .join(' ');
}
