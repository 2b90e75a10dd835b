/**
 * Which section of the base is which section of the head: the same id, or, for a vanished id,
 * the new section most of its content moved to (a rename). And which matched sections changed
 * their place among their siblings (a move).
 */
import { alignSequences } from '../../word-diff';
import type { Section } from '../sections';
import { splitSentences, type Sentence } from '../sentences';
import { wholeOf, type Whole } from './components';

/** Share of a vanished section's content that must reappear elsewhere to call it renamed. */
const RENAME_OVERLAP = 0.5;

export interface Parsed {
  section: Section;
  sentences: Sentence[];
  wholes: Whole[];
  /** Every sentence and component key, for measuring overlap. */
  keys: Set<string>;
}

export function parsed(section: Section): Parsed {
  const sentences: Sentence[] = [];
  const wholes: Whole[] = [];
  for (const block of section.blocks) {
    if (block.kind === 'text') sentences.push(...splitSentences(block.text, block.line));
    else wholes.push(wholeOf(block));
  }
  const keys = new Set([...sentences.map((s) => s.key), ...wholes.map((w) => w.key)]);
  return { section, sentences, wholes, keys };
}

/** The vanished section's best new home among the unmatched heads, if enough content moved. */
function renameTarget(
  entry: Parsed,
  heads: readonly Parsed[],
  taken: ReadonlySet<Parsed>,
): Parsed | undefined {
  let best: { partner: Parsed; overlap: number } | undefined;
  for (const candidate of heads) {
    if (taken.has(candidate)) continue;
    const common = [...entry.keys].filter((key) => candidate.keys.has(key)).length;
    const overlap = common / Math.max(entry.keys.size, candidate.keys.size);
    if (overlap >= RENAME_OVERLAP && (best === undefined || overlap > best.overlap)) {
      best = { partner: candidate, overlap };
    }
  }
  return best?.partner;
}

/** Base section → head section. Same id: same section; then renames. */
export function matchSections(
  bases: readonly Parsed[],
  heads: readonly Parsed[],
): Map<Parsed, Parsed> {
  const matches = new Map<Parsed, Parsed>();
  const headById = new Map(heads.map((entry) => [entry.section.id, entry]));
  for (const entry of bases) {
    const partner = headById.get(entry.section.id);
    if (partner !== undefined) matches.set(entry, partner);
  }
  const taken = new Set(matches.values());
  for (const entry of bases) {
    if (matches.has(entry) || entry.keys.size === 0) continue;
    const partner = renameTarget(entry, heads, taken);
    if (partner !== undefined) {
      matches.set(entry, partner);
      taken.add(partner);
    }
  }
  return matches;
}

function parentId(section: Section): string {
  return section.path.at(-1) ?? '';
}

/** Sections whose place among their matched siblings changed, by head id. */
export function movedSections(
  matches: ReadonlyMap<Parsed, Parsed>,
  baseOrder: readonly Parsed[],
  headOrder: readonly Parsed[],
): Set<string> {
  const renamedTo = new Map([...matches].map(([from, to]) => [from.section.id, to.section.id]));
  const baseIdInHead = (id: string): string => renamedTo.get(id) ?? id;
  const moved = new Set<string>();
  const matchedHeads = new Set(matches.values());
  const parents = new Set(headOrder.map((head) => parentId(head.section)));
  for (const parent of parents) {
    const headSiblings = headOrder.filter(
      (head) => parentId(head.section) === parent && matchedHeads.has(head),
    );
    const baseSiblings = baseOrder
      .filter((base) => matches.has(base) && baseIdInHead(parentId(base.section)) === parent)
      .map((base) => matches.get(base));
    const kept = new Set(
      alignSequences(baseSiblings, headSiblings, (x, y) => x === y).flatMap((stretch) =>
        stretch.kind === 'same' ? stretch.pairs.map(([, j]) => headSiblings[j]) : [],
      ),
    );
    for (const sibling of headSiblings) if (!kept.has(sibling)) moved.add(sibling.section.id);
  }
  return moved;
}
