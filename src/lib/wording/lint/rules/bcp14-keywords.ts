/**
 * Accidental BCP 14 keywords. The Usage Guide is a non-normative Committee Note: it explains
 * the specification and must not appear to add requirements of its own, so an upper-case MUST,
 * SHOULD, MAY … in its prose is flagged. A quotation of the base specification keeps its
 * keywords when it is visibly a quotation: inside quotation marks, in a block quote, or in a
 * block marked with a `spec-quote` comment.
 */
import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import { findKeywords } from '../../keywords';
import { placeOf, proseRuns, segmentAt, SPEC_QUOTE_MARKER, type ProseRun } from '../prose';
import { RULE_SOURCE, type RuleDocs } from '../rule-docs';

export const docs: RuleDocs = {
  id: 'bcp14-keywords',
  summary: 'No upper-case BCP 14 keywords outside quotations of the specification.',
  description: `RFC 2119 and RFC 8174 give MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT, SHOULD,
SHOULD NOT, RECOMMENDED, NOT RECOMMENDED, MAY and OPTIONAL their special meaning only in upper
case. A Committee Note states no requirements, so the guide writes these words in lower case.
Quoting the base specification is allowed: put the quotation in quotation marks or a block
quote, or mark the paragraph with \`<!-- ${SPEC_QUOTE_MARKER} -->\` (in MDX
\`{/* ${SPEC_QUOTE_MARKER} */}\`), placed inside it or on the line before it.`,
  examples: [
    {
      name: 'ok.md',
      input: `A child that execs needs no PKCS #11 call, and it should not make one.

The specification says an application "MUST NOT" share sessions between processes.

> An application MAY call C_Initialize again.

<!-- ${SPEC_QUOTE_MARKER} -->
Modules SHALL return CKR_CRYPTOKI_NOT_INITIALIZED here.
`,
      output: [],
    },
    {
      name: 'not-ok.md',
      input: `# Children

A child MUST call \`C_Initialize\` before its first use.

It SHOULD NOT finalise, and closing its sessions is OPTIONAL.
`,
      output: [
        '3:9-3:13: Upper-case `MUST` is a BCP 14 keyword, which this non-normative guide does not use: write "must", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
        '5:4-5:14: Upper-case `SHOULD NOT` is a BCP 14 keyword, which this non-normative guide does not use: write "should not", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
        '5:53-5:61: Upper-case `OPTIONAL` is a BCP 14 keyword, which this non-normative guide does not use: write "optional", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
      ],
    },
    {
      name: 'marker-inline.mdx',
      input: `The 3.0 text reads: C_Finalize SHOULD be called last. {/* ${SPEC_QUOTE_MARKER} */}

But this one MAY not be.
`,
      output: [
        '3:14-3:17: Upper-case `MAY` is a BCP 14 keyword, which this non-normative guide does not use: write "may", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)',
      ],
    },
  ],
};

/** Whether an offset of the run lies inside “…” or "…" quotation marks of the same run. */
function insideQuotes(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const curlyOpen = (before.match(/“/g) ?? []).length - (before.match(/”/g) ?? []).length;
  const straight = (before.match(/"/g) ?? []).length;
  return curlyOpen > 0 || straight % 2 === 1;
}

function keywordsOf(run: ProseRun): { keyword: string; index: number }[] {
  return findKeywords(run.text)
    .filter((use) => use.form === 'bcp14')
    .filter((use) => segmentAt(run, use.index)?.code === false)
    .map((use) => ({ keyword: use.keyword, index: use.index }));
}

export const bcp14Keywords = lintRule<Root>(
  { origin: `${RULE_SOURCE}:${docs.id}`, url: 'src/lib/wording/lint/rules/bcp14-keywords.ts' },
  (tree, file) => {
    for (const run of proseRuns(tree)) {
      if (run.quoted) continue;
      for (const { keyword, index } of keywordsOf(run)) {
        if (insideQuotes(run.text, index)) continue;
        // A two-word keyword may span a line break: measure it in the text, not the keyword.
        const written = new RegExp(`^${keyword.replace(' ', '\\s+')}`).exec(run.text.slice(index));
        const end = index + (written?.[0].length ?? keyword.length);
        file.message(
          `Upper-case \`${keyword}\` is a BCP 14 keyword, which this non-normative guide does not use: write "${keyword.toLowerCase()}", or mark a quotation of the specification (quotation marks, block quote or a spec-quote comment)`,
          { place: placeOf(run, index, end, file) },
        );
      }
    }
  },
);
