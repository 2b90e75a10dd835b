/**
 * Hand-typed measurements. Every figure that describes a measurement (how many children hung or
 * crashed, how often, at what rate) reaches the guide from examples/results.json through a
 * claim or a generated component, so a rerun cannot leave a stale number in the prose. A count,
 * a ratio ("one in four", "7 of 100") or a percentage in a sentence about hangs, crashes, forks
 * or children is therefore flagged. Section numbers and versions ("§2.5.2", "3.0") are not
 * counts; a sentence that really needs such a number says so with `lint disable measured-figures`.
 */
import type { Root } from 'mdast';
import { lintRule } from 'unified-lint-rule';
import { placeOf, proseRuns, segmentAt } from '../prose';
import { RULE_SOURCE, type RuleDocs } from '../rule-docs';

export const docs: RuleDocs = {
  id: 'measured-figures',
  summary: 'No hand-typed counts, ratios or percentages of hangs, crashes or forks.',
  description: `A figure describing a measurement is generated from the committed results, never
typed: cite it with a \`<Claim id="…" />\` of the recommendation registry, or show it with a
component that reads examples/results.json. The rule looks at sentences that speak of hangs,
crashes, forks, children or runs, and flags in them a digit count ("7 children"), a ratio in
digits or words ("one in four", "23 of 100") or a percentage ("25%", "25 per cent").`,
  examples: [
    {
      name: 'ok.mdx',
      input: `A child that hangs stays blocked for ever. <Claim id="softhsm2-threaded-child-hangs" />

Section 2.5.2 of the 3.0 guide describes fork; two threads were running at every fork.
`,
      output: [],
    },
    {
      name: 'not-ok.md',
      input: `In our runs 7 children hung and 6 crashed.

About one in four forks left a hung child.

The child crashed in 12.5% of the runs.
`,
      output: [
        '1:13-1:23: Hand-typed measurement `7 children`: a figure describing a measurement is generated from examples/results.json; cite it with a <Claim /> or a component that reads the results',
        '1:33-1:42: Hand-typed measurement `6 crashed`: a figure describing a measurement is generated from examples/results.json; cite it with a <Claim /> or a component that reads the results',
        '3:7-3:18: Hand-typed measurement `one in four`: a figure describing a measurement is generated from examples/results.json; cite it with a <Claim /> or a component that reads the results',
        '5:22-5:27: Hand-typed measurement `12.5%`: a figure describing a measurement is generated from examples/results.json; cite it with a <Claim /> or a component that reads the results',
      ],
    },
  ],
};

/** Words that make a sentence about a measurement of the fork hazards. */
const VOCABULARY =
  /\b(hang|hangs|hung|hanging|crash|crashes|crashed|crashing|deadlock\w*|fork|forks|forked|child|children|runs?|SIGSEGV|SIGABRT|rate)\b/i;

const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|a hundred|hundred|a thousand|thousand)';
// Not a number when it is part of a name: "PKCS #11", "§2", "v3".
const NUMBER = `(?:(?<![#§\\w.])\\d+(?:[.,]\\d+)*|${NUMBER_WORD})`;

/** The figures that describe a measurement, when the sentence speaks of one. */
const FIGURES = [
  // a ratio: "one in four", "7 of 100", "3 out of 10"
  new RegExp(`\\b${NUMBER}\\s+(?:in|of|out\\s+of)\\s+(?:every\\s+)?${NUMBER}\\b`, 'gi'),
  // a ratio around a noun: "one fork in four", "1 child in 10"
  new RegExp(
    `\\b${NUMBER}\\s+(?:forks?|child|children|runs?|times?)\\s+(?:in|out\\s+of)\\s+${NUMBER}\\b`,
    'gi',
  ),
  // a percentage: "25%", "12.5 %", "25 per cent"
  // (a confidence level is not a measurement: "95% interval", "95% (Wilson) interval")
  /(?<![#§\w.])\d+(?:\.\d+)?\s?(?:%|per\s?cent\b)(?!\s*(?:\([^)]*\)\s*)?(?:confidence|interval))/gi,
  // a count of events: "7 children", "6 crashed", "3 hung", "100 forks"
  /(?<![#§\w.])\d+\s+(?:children|child|processes|forks|runs|hangs|crashes|hung|crashed|deadlocked)\b/gi,
];

/** Sentences of a run: stretches ending in a full stop, question or exclamation mark that is
 * followed by white space or the end (so "12.5" and "§2.5.2" stay whole). */
function sentences(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (const end of text.matchAll(/[.!?](?=\s|$)/g)) {
    spans.push({ start, end: end.index + 1 });
    start = end.index + 1;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

export const measuredFigures = lintRule<Root>(
  { origin: `${RULE_SOURCE}:${docs.id}`, url: 'src/lib/wording/lint/rules/measured-figures.ts' },
  (tree, file) => {
    for (const run of proseRuns(tree)) {
      const found = new Map<number, number>();
      for (const sentence of sentences(run.text)) {
        const text = run.text.slice(sentence.start, sentence.end);
        if (!VOCABULARY.test(text)) continue;
        for (const figure of FIGURES)
          for (const match of text.matchAll(figure)) {
            const start = sentence.start + match.index;
            if (segmentAt(run, start)?.code !== false || found.has(start)) continue;
            found.set(start, start + match[0].length);
          }
      }
      for (const [start, end] of [...found].sort((a, b) => a[0] - b[0]))
        file.message(
          `Hand-typed measurement \`${run.text.slice(start, end)}\`: a figure describing a measurement is generated from examples/results.json; cite it with a <Claim /> or a component that reads the results`,
          { place: placeOf(run, start, end, file) },
        );
    }
  },
);
