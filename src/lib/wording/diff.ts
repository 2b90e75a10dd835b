/**
 * Compares two versions of a guide page section by section, for a pull-request wording review:
 * which sentences changed, and whether an obligation (BCP 14 keyword) got stronger or weaker.
 */
import { wordDiff } from '../word-diff';
import { compareKeywords, type KeywordChange } from './keywords';
import { parseSections, type Block, type Section } from './sections';
import { splitSentences, type Sentence } from './sentences';

type WordMark = { op: 'equal' | 'insert' | 'delete'; text: string };

export interface SentenceChange {
  kind: 'added' | 'removed' | 'changed';
  before?: Sentence;
  after?: Sentence;
  /** word-level marks for changed: [{op:'equal'|'insert'|'delete', text}] */
  words?: WordMark[];
  keywords: KeywordChange;
}

export interface ComponentChange {
  kind: 'added' | 'removed' | 'changed';
  /** The component's name, `code` for a code block, `html` for raw HTML in a .md page. */
  name: string;
  before?: Record<string, string>;
  after?: Record<string, string>;
}

export interface SectionChange {
  kind: 'added' | 'removed' | 'moved' | 'renamed' | 'changed';
  id: string;
  beforeId?: string;
  title: string;
  beforeTitle?: string;
  sentences: SentenceChange[];
  components: ComponentChange[];
}

/** Share of words two sentences must have in common to be shown as one changed sentence. */
const PAIRING_SIMILARITY = 0.5;
/** Share of a vanished section's content that must reappear elsewhere to call it renamed. */
const RENAME_OVERLAP = 0.5;

interface Whole {
  name: string;
  props: Record<string, string>;
  key: string;
}

interface SectionContent {
  sentences: Sentence[];
  wholes: Whole[];
}

function wholeOf(block: Exclude<Block, { kind: 'text' }>): Whole {
  const name = block.kind === 'code' ? 'code' : block.name;
  const props =
    block.kind === 'code'
      ? { ...(block.lang === undefined ? {} : { lang: block.lang }), value: block.value }
      : block.props;
  return { name, props, key: JSON.stringify([name, props]) };
}

function contentOf(section: Section): SectionContent {
  const content: SectionContent = { sentences: [], wholes: [] };
  for (const block of section.blocks) {
    if (block.kind === 'text') content.sentences.push(...splitSentences(block.text, block.line));
    else content.wholes.push(wholeOf(block));
  }
  return content;
}

/** Index pairs of a longest common subsequence of `a` and `b` under `same`. */
function lcsPairs<A, B>(
  a: readonly A[],
  b: readonly B[],
  same: (x: A, y: B) => boolean,
): [number, number][] {
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  const at = (i: number, j: number): number => lengths[i]?.[j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i] ?? [];
    for (let j = b.length - 1; j >= 0; j--) {
      const x = a[i];
      const y = b[j];
      row[j] =
        x !== undefined && y !== undefined && same(x, y)
          ? at(i + 1, j + 1) + 1
          : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && y !== undefined && same(x, y) && at(i, j) === at(i + 1, j + 1) + 1) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return pairs;
}

/** The unmatched runs between LCS anchors: removed indexes of `a`, added indexes of `b`. */
function gaps(
  pairs: readonly [number, number][],
  lengthA: number,
  lengthB: number,
): { removed: number[]; added: number[] }[] {
  const result: { removed: number[]; added: number[] }[] = [];
  let i = 0;
  let j = 0;
  for (const [nextI, nextJ] of [...pairs, [lengthA, lengthB] as [number, number]]) {
    const removed: number[] = [];
    const added: number[] = [];
    for (; i < nextI; i++) removed.push(i);
    for (; j < nextJ; j++) added.push(j);
    if (removed.length > 0 || added.length > 0) result.push({ removed, added });
    i = nextI + 1;
    j = nextJ + 1;
  }
  return result;
}

function wordMarks(before: string, after: string): WordMark[] {
  const segments = wordDiff(before, after);
  if (segments === undefined) {
    // Too long for a word table: show the whole sentence replaced.
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

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** 2 × common words / all words: 1 for identical sentences, 0 for unrelated ones. */
function similarity(marks: readonly WordMark[], before: string, after: string): number {
  const common = marks
    .filter((mark) => mark.op === 'equal')
    .reduce((sum, mark) => sum + wordCount(mark.text), 0);
  const total = wordCount(before) + wordCount(after);
  return total === 0 ? 1 : (2 * common) / total;
}

function diffSentences(before: readonly Sentence[], after: readonly Sentence[]): SentenceChange[] {
  const pairs = lcsPairs(before, after, (x, y) => x.key === y.key);
  const changes: SentenceChange[] = [];
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
  for (const gap of gaps(pairs, before.length, after.length)) {
    // Pair removed and added sentences in order (no crossing), each with its most similar
    // partner, so an edited sentence reads as one change rather than a removal and an addition.
    let nextAdded = 0;
    for (const removedIndex of gap.removed) {
      const old = before[removedIndex];
      if (old === undefined) continue;
      let best: { position: number; marks: WordMark[]; score: number } | undefined;
      for (let position = nextAdded; position < gap.added.length; position++) {
        const candidate = after[gap.added[position] ?? -1];
        if (candidate === undefined) continue;
        const marks = wordMarks(old.key, candidate.key);
        const score = similarity(marks, old.key, candidate.key);
        if (score >= PAIRING_SIMILARITY && (best === undefined || score > best.score)) {
          best = { position, marks, score };
        }
      }
      if (best === undefined) {
        changes.push(removed(old));
        continue;
      }
      for (; nextAdded < best.position; nextAdded++) {
        const skipped = after[gap.added[nextAdded] ?? -1];
        if (skipped !== undefined) changes.push(added(skipped));
      }
      const current = after[gap.added[best.position] ?? -1];
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
    for (; nextAdded < gap.added.length; nextAdded++) {
      const rest = after[gap.added[nextAdded] ?? -1];
      if (rest !== undefined) changes.push(added(rest));
    }
  }
  return changes;
}

function diffWholes(before: readonly Whole[], after: readonly Whole[]): ComponentChange[] {
  const pairs = lcsPairs(before, after, (x, y) => x.key === y.key);
  const changes: ComponentChange[] = [];
  for (const gap of gaps(pairs, before.length, after.length)) {
    const added = gap.added.flatMap((index) => after[index] ?? []);
    for (const old of gap.removed.flatMap((index) => before[index] ?? [])) {
      // A component of the same name in the same gap is the same component with other props.
      const partner = added.findIndex((candidate) => candidate.name === old.name);
      const current = partner === -1 ? undefined : added.splice(partner, 1)[0];
      if (current === undefined) {
        changes.push({ kind: 'removed', name: old.name, before: old.props });
      } else {
        changes.push({ kind: 'changed', name: old.name, before: old.props, after: current.props });
      }
    }
    for (const current of added) {
      changes.push({ kind: 'added', name: current.name, after: current.props });
    }
  }
  return changes;
}

interface Parsed {
  section: Section;
  content: SectionContent;
  keys: Set<string>;
}

function parsed(section: Section): Parsed {
  const content = contentOf(section);
  const keys = new Set([
    ...content.sentences.map((sentence) => sentence.key),
    ...content.wholes.map((whole) => whole.key),
  ]);
  return { section, content, keys };
}

function parentId(section: Section): string {
  return section.path.at(-1) ?? '';
}

/** Sections whose place among their matched siblings changed, by head id. */
function movedSections(
  matches: ReadonlyMap<Parsed, Parsed>,
  baseOrder: readonly Parsed[],
  headOrder: readonly Parsed[],
  baseIdInHead: (id: string) => string,
): Set<string> {
  const moved = new Set<string>();
  const headOf = new Map<Parsed, Parsed>(matches);
  const parents = new Set(headOrder.map((head) => parentId(head.section)));
  for (const parent of parents) {
    const headSiblings = headOrder.filter(
      (head) => parentId(head.section) === parent && [...headOf.values()].includes(head),
    );
    const baseSiblings = baseOrder
      .filter((base) => headOf.has(base) && baseIdInHead(parentId(base.section)) === parent)
      .map((base) => headOf.get(base));
    const kept = new Set(
      lcsPairs(baseSiblings, headSiblings, (x, y) => x === y).map(([, j]) => headSiblings[j]),
    );
    for (const sibling of headSiblings) if (!kept.has(sibling)) moved.add(sibling.section.id);
  }
  return moved;
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
  const baseSections = parseSections(base, { mdx: options.mdx }).map(parsed);
  const headSections = parseSections(head, { mdx: options.headMdx ?? options.mdx }).map(parsed);

  // Same id: same section. Then a vanished id whose content mostly reappears under a new id.
  const matches = new Map<Parsed, Parsed>();
  const headById = new Map(headSections.map((entry) => [entry.section.id, entry]));
  for (const entry of baseSections) {
    const partner = headById.get(entry.section.id);
    if (partner !== undefined) matches.set(entry, partner);
  }
  const matchedHeads = new Set(matches.values());
  for (const entry of baseSections) {
    if (matches.has(entry) || entry.keys.size === 0) continue;
    let best: { partner: Parsed; overlap: number } | undefined;
    for (const candidate of headSections) {
      if (matchedHeads.has(candidate)) continue;
      const common = [...entry.keys].filter((key) => candidate.keys.has(key)).length;
      const overlap = common / Math.max(entry.keys.size, candidate.keys.size);
      if (overlap >= RENAME_OVERLAP && (best === undefined || overlap > best.overlap)) {
        best = { partner: candidate, overlap };
      }
    }
    if (best !== undefined) {
      matches.set(entry, best.partner);
      matchedHeads.add(best.partner);
    }
  }

  const renamedTo = new Map(
    [...matches].map(([from, to]) => [from.section.id, to.section.id] as const),
  );
  const moved = movedSections(matches, baseSections, headSections, (id) => renamedTo.get(id) ?? id);

  const changeOf = (from: Parsed, to: Parsed): SectionChange | undefined => {
    const sentences = diffSentences(from.content.sentences, to.content.sentences);
    const components = diffWholes(from.content.wholes, to.content.wholes);
    const renamed = from.section.id !== to.section.id;
    const retitled = from.section.title !== to.section.title;
    const isMoved = moved.has(to.section.id);
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
  };

  // Report in head order; a removed section follows the head section that preceded it in base.
  const removedAfter = new Map<Parsed | undefined, Parsed[]>();
  let previousInHead: Parsed | undefined;
  for (const entry of baseSections) {
    const partner = matches.get(entry);
    if (partner !== undefined) {
      previousInHead = partner;
      continue;
    }
    removedAfter.set(previousInHead, [...(removedAfter.get(previousInHead) ?? []), entry]);
  }
  const baseOf = new Map([...matches].map(([from, to]) => [to, from] as const));
  const changes: SectionChange[] = [];
  const reportRemoved = (after: Parsed | undefined): void => {
    for (const entry of removedAfter.get(after) ?? []) {
      changes.push({
        kind: 'removed',
        id: entry.section.id,
        title: entry.section.title,
        sentences: diffSentences(entry.content.sentences, []),
        components: diffWholes(entry.content.wholes, []),
      });
    }
  };
  reportRemoved(undefined);
  for (const entry of headSections) {
    const from = baseOf.get(entry);
    if (from === undefined) {
      changes.push({
        kind: 'added',
        id: entry.section.id,
        title: entry.section.title,
        sentences: diffSentences([], entry.content.sentences),
        components: diffWholes([], entry.content.wholes),
      });
    } else {
      const change = changeOf(from, entry);
      if (change !== undefined) changes.push(change);
    }
    reportRemoved(entry);
  }
  return changes;
}
