/**
 * Compares two versions of a guide page section by section, for a pull-request wording review:
 * which sentences changed, and whether an obligation (BCP 14 keyword) got stronger or weaker.
 * Sections are matched in matching.ts, their sentences and components diffed in sentences.ts and
 * components.ts; all three align sequences with jsdiff (src/lib/word-diff/align.ts).
 */
import { parseSections } from '../sections';
import { diffWholes } from './components';
import { matchSections, movedSections, parsed, type Parsed } from './matching';
import { diffSentences } from './sentences';
import type { SectionChange } from './types';

export type { ComponentChange, SectionChange, SentenceChange, WordMark } from './types';

/** A section only one side has: every sentence and component added or removed. */
function wholeSection(entry: Parsed, kind: 'added' | 'removed'): SectionChange {
  const none: Pick<Parsed, 'sentences' | 'wholes'> = { sentences: [], wholes: [] };
  const [from, to] = kind === 'added' ? [none, entry] : [entry, none];
  return {
    kind,
    id: entry.section.id,
    title: entry.section.title,
    sentences: diffSentences(from.sentences, to.sentences),
    components: diffWholes(from.wholes, to.wholes),
  };
}

/** A matched section's change, or undefined when nothing about it changed. */
function matchedChange(from: Parsed, to: Parsed, isMoved: boolean): SectionChange | undefined {
  const sentences = diffSentences(from.sentences, to.sentences);
  const components = diffWholes(from.wholes, to.wholes);
  const renamed = from.section.id !== to.section.id;
  const retitled = from.section.title !== to.section.title;
  if (!renamed && !retitled && !isMoved && sentences.length === 0 && components.length === 0) {
    return undefined;
  }
  return {
    kind: renamed ? 'renamed' : isMoved ? 'moved' : 'changed',
    id: to.section.id,
    ...(renamed ? { beforeId: from.section.id } : {}),
    title: to.section.title,
    ...(retitled ? { beforeTitle: from.section.title } : {}),
    sentences,
    components,
  };
}

/** Unmatched base sections, keyed by the head section that preceded them in base order. */
function removedAfterHead(
  bases: readonly Parsed[],
  matches: ReadonlyMap<Parsed, Parsed>,
): Map<Parsed | undefined, Parsed[]> {
  const removedAfter = new Map<Parsed | undefined, Parsed[]>();
  let previousInHead: Parsed | undefined;
  for (const entry of bases) {
    const partner = matches.get(entry);
    if (partner !== undefined) {
      previousInHead = partner;
      continue;
    }
    removedAfter.set(previousInHead, [...(removedAfter.get(previousInHead) ?? []), entry]);
  }
  return removedAfter;
}

/**
 * The section changes from `base` to `head`. `mdx` says how to parse both; `headMdx`, when given,
 * how to parse the head (a page renamed from .md to .mdx).
 */
export function diffDocuments(
  base: string,
  head: string,
  options: { mdx: boolean; headMdx?: boolean },
): SectionChange[] {
  const bases = parseSections(base, { mdx: options.mdx }).map(parsed);
  const heads = parseSections(head, { mdx: options.headMdx ?? options.mdx }).map(parsed);
  const matches = matchSections(bases, heads);
  const moved = movedSections(matches, bases, heads);

  // Report in head order; a removed section follows the head section that preceded it in base.
  const removedAfter = removedAfterHead(bases, matches);
  const baseOf = new Map([...matches].map(([from, to]) => [to, from] as const));
  const changes: SectionChange[] = [];
  const reportRemoved = (after: Parsed | undefined): void => {
    for (const entry of removedAfter.get(after) ?? []) changes.push(wholeSection(entry, 'removed'));
  };
  reportRemoved(undefined);
  for (const entry of heads) {
    const from = baseOf.get(entry);
    const change =
      from === undefined
        ? wholeSection(entry, 'added')
        : matchedChange(from, entry, moved.has(entry.section.id));
    if (change !== undefined) changes.push(change);
    reportRemoved(entry);
  }
  return changes;
}
