/**
 * The sentence changes of one section: sentences are aligned by their normalised text, and in
 * each gap an edited sentence is paired with its most similar new version.
 */
import { changedStretches, wordDiff, wordsOf } from '../../word-diff';
import { compareKeywords } from '../keywords';
import type { Sentence } from '../sentences';
import type { SentenceChange, WordMark } from './types';

/** Share of words two sentences must have in common to be shown as one changed sentence. */
const PAIRING_SIMILARITY = 0.5;

function wordMarks(before: string, after: string): WordMark[] {
  const segments = wordDiff(before, after);
  if (segments === undefined) {
    // Too long for a word diff: show the whole sentence replaced.
    return [
      { op: 'delete', text: before },
      { op: 'insert', text: after },
    ];
  }
  return segments.map((segment) => ({
    op: segment.kind === 'same' ? 'equal' : segment.kind === 'removed' ? 'delete' : 'insert',
    text: segment.text,
  }));
}

/** 2 × common words / all words: 1 for identical sentences, 0 for unrelated ones. */
function similarity(marks: readonly WordMark[], before: string, after: string): number {
  const common = marks
    .filter((mark) => mark.op === 'equal')
    .reduce((sum, mark) => sum + wordsOf(mark.text).length, 0);
  const total = wordsOf(before).length + wordsOf(after).length;
  return total === 0 ? 1 : (2 * common) / total;
}

const removed = (sentence: Sentence): SentenceChange => ({
  kind: 'removed',
  before: sentence,
  keywords: compareKeywords(sentence.text, ''),
});

const added = (sentence: Sentence): SentenceChange => ({
  kind: 'added',
  after: sentence,
  keywords: compareKeywords('', sentence.text),
});

/** The candidate from `from` on most similar to `old`, if similar enough to be its new version. */
function bestPartner(
  old: Sentence,
  candidates: readonly Sentence[],
  from: number,
): { position: number; marks: WordMark[] } | undefined {
  let best: { position: number; marks: WordMark[]; score: number } | undefined;
  for (let position = from; position < candidates.length; position++) {
    const candidate = candidates[position];
    if (candidate === undefined) continue;
    const marks = wordMarks(old.key, candidate.key);
    const score = similarity(marks, old.key, candidate.key);
    if (score >= PAIRING_SIMILARITY && (best === undefined || score > best.score)) {
      best = { position, marks, score };
    }
  }
  return best;
}

/**
 * One gap: pair removed and added sentences in order (no crossing), each with its most similar
 * partner, so an edited sentence reads as one change rather than a removal and an addition.
 */
function gapChanges(olds: readonly Sentence[], news: readonly Sentence[]): SentenceChange[] {
  const changes: SentenceChange[] = [];
  let nextAdded = 0;
  for (const old of olds) {
    const best = bestPartner(old, news, nextAdded);
    if (best === undefined) {
      changes.push(removed(old));
      continue;
    }
    for (const skipped of news.slice(nextAdded, best.position)) changes.push(added(skipped));
    const current = news[best.position];
    if (current !== undefined) {
      changes.push({
        kind: 'changed',
        before: old,
        after: current,
        words: best.marks,
        keywords: compareKeywords(old.text, current.text),
      });
    }
    nextAdded = best.position + 1;
  }
  for (const rest of news.slice(nextAdded)) changes.push(added(rest));
  return changes;
}

export function diffSentences(
  before: readonly Sentence[],
  after: readonly Sentence[],
): SentenceChange[] {
  return changedStretches(before, after, (x, y) => x.key === y.key).flatMap((gap) =>
    gapChanges(
      gap.removed.flatMap((index) => before[index] ?? []),
      gap.added.flatMap((index) => after[index] ?? []),
    ),
  );
}
