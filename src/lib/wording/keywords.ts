/**
 * BCP 14 (RFC 2119 / RFC 8174) requirement keywords, and their lower-case look-alikes, as they
 * appear in a sentence.
 *
 * Strength order, used to tell whether an edit made an obligation stronger or weaker:
 * - 3: MUST, MUST NOT, SHALL, SHALL NOT, REQUIRED (absolute requirement or prohibition)
 * - 2: SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED (strong advice that may be departed from)
 * - 1: MAY, OPTIONAL (permission)
 * A prohibition and a permission are both ranked by how binding they are, so MUST NOT → MAY is
 * 3 → 1, weakened. Lower-case look-alikes ("should", "must not") rank like the upper-case form:
 * RFC 8174 gives them no special meaning, but a reviewer still wants to see them change.
 */

/** Multi-word keywords come first so that a match takes the longest keyword at a position. */
export const BCP14_KEYWORDS: readonly string[] = [
  'MUST NOT',
  'SHALL NOT',
  'SHOULD NOT',
  'NOT RECOMMENDED',
  'MUST',
  'REQUIRED',
  'SHALL',
  'SHOULD',
  'RECOMMENDED',
  'MAY',
  'OPTIONAL',
];

const STRENGTH: Readonly<Record<string, number>> = {
  'MUST NOT': 3,
  'SHALL NOT': 3,
  MUST: 3,
  SHALL: 3,
  REQUIRED: 3,
  'SHOULD NOT': 2,
  'NOT RECOMMENDED': 2,
  SHOULD: 2,
  RECOMMENDED: 2,
  MAY: 1,
  OPTIONAL: 1,
};

export interface KeywordUse {
  /** The keyword: upper case for the BCP 14 form, lower case (spaces collapsed) for a look-alike. */
  keyword: string;
  /** Upper case BCP 14 form, or a lower-case look-alike ('must', 'should not', 'may', 'required' …). */
  form: 'bcp14' | 'lowercase';
  strength: number;
  /** Offset of the keyword in the sentence. */
  index: number;
}

// Words may be separated by any whitespace, including a line break in the source.
const KEYWORD_PATTERN = new RegExp(
  `\\b(?:${BCP14_KEYWORDS.map((keyword) => keyword.replace(' ', '\\s+')).join('|')})\\b`,
  'gi',
);

/** The sentence with every inline code span blanked out, keeping offsets. */
function blankInlineCode(sentence: string): string {
  // A code span opens with a run of backticks and closes with a run of the same length.
  return sentence.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, (span) => ' '.repeat(span.length));
}

/** The keywords of a sentence, in order; text inside inline code is ignored. */
export function findKeywords(sentence: string): KeywordUse[] {
  const uses: KeywordUse[] = [];
  for (const match of blankInlineCode(sentence).matchAll(KEYWORD_PATTERN)) {
    const written = match[0].replace(/\s+/g, ' ');
    const upper = written.toUpperCase();
    uses.push({
      keyword: written === upper ? upper : written.toLowerCase(),
      form: written === upper ? 'bcp14' : 'lowercase',
      strength: STRENGTH[upper] ?? 0,
      index: match.index,
    });
  }
  return uses;
}

export type KeywordChange = {
  kind: 'added' | 'removed' | 'strengthened' | 'weakened' | 'unchanged';
  before: string[];
  after: string[];
};

function strongest(uses: readonly KeywordUse[]): number {
  return Math.max(0, ...uses.map((use) => use.strength));
}

/**
 * How the obligation of a sentence changed: keywords appearing or disappearing altogether, or the
 * strongest keyword getting stronger or weaker. Pass '' for a sentence that does not exist.
 */
export function compareKeywords(before: string, after: string): KeywordChange {
  const usesBefore = findKeywords(before);
  const usesAfter = findKeywords(after);
  const change = {
    before: usesBefore.map((use) => use.keyword),
    after: usesAfter.map((use) => use.keyword),
  };
  if (usesBefore.length === 0 && usesAfter.length > 0) return { kind: 'added', ...change };
  if (usesBefore.length > 0 && usesAfter.length === 0) return { kind: 'removed', ...change };
  const difference = strongest(usesAfter) - strongest(usesBefore);
  if (difference > 0) return { kind: 'strengthened', ...change };
  if (difference < 0) return { kind: 'weakened', ...change };
  return { kind: 'unchanged', ...change };
}
