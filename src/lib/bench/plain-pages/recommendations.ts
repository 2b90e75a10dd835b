/**
 * <Recommendation> and <Claim> as plain Markdown: the same words src/components/Recommendation
 * prints (heading line, statement, reason, tested examples, the claims behind it), without the
 * box, the anchor and the collapsible list.
 */
import type { BlockContent, PhrasingContent } from 'mdast';
import {
  shownRecommendation,
  type RecommendationView,
  type ShownClaim,
} from '../../recommendations/view';
import { bulletList, inlineCode, inlineText, paragraph, strong, text } from './mdast';

const AUDIENCES: Readonly<Record<RecommendationView['audience'], string>> = {
  app: 'applications',
  module: 'module implementers',
  wrapper: 'wrapper libraries and runtimes',
};

/** A claim's text and what was measured, as the component's Evidence prints it. */
export function claimPhrasing(claim: ShownClaim): PhrasingContent[] {
  return [
    ...inlineText(claim.text),
    text(
      claim.measured === undefined
        ? ' (measured: where this page cites it in its text)'
        : ` (measured: ${claim.measured}; ${claim.moduleVersion ?? ''})`,
    ),
  ];
}

/** `citedInText`: the claims the page prints in running text (their measurement is left out). */
export function recommendationBlocks(
  view: RecommendationView,
  citedInText: ReadonlySet<string>,
): BlockContent[] {
  const r = shownRecommendation(view, citedInText);
  const examples: PhrasingContent[] = r.examples.flatMap((example, index) => [
    ...(index > 0 ? [text(', ')] : []),
    { type: 'link', url: example.url, children: [inlineCode(`examples/${example.name}.c`)] },
  ]);
  return [
    paragraph(
      text(`${r.id} `),
      strong(r.title),
      text(` For ${AUDIENCES[r.audience]}${r.since === '3.0' ? '; PKCS #11 3.0 and later' : ''}`),
    ),
    paragraph(...inlineText(r.statement)),
    paragraph({ type: 'emphasis', children: [text('Why:')] }, text(' '), ...inlineText(r.reason)),
    paragraph(text('Tested in '), ...examples, text('.')),
    ...(r.claims.length === 0
      ? []
      : [
          paragraph(text(`How the tested modules behave (${r.claims.length})`)),
          bulletList(r.claims.map(claimPhrasing)),
        ]),
  ];
}
