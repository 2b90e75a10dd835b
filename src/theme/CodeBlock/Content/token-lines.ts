/**
 * The tokens of the lines Docusaurus shows, for a block whose lines Docusaurus lays out itself
 * (magic comments, line numbers, highlighted ranges): src/remark/highlighted-code tokenised the
 * code at build and passes its lines as `highlightedTokens`.
 */
import { createContext, useContext } from 'react';
import type { Token } from 'prism-react-renderer';
import { decodeTokenLines } from '../../../remark/highlighted-code/tokens';

const lineText = (line: readonly Token[]): string =>
  line.map((token) => (token.content === '\n' ? '' : token.content)).join('');

/**
 * The build tokenised the code as written, magic comments included (tokenising the shown lines
 * one by one would cut a block comment). Docusaurus shows the written lines minus the
 * magic-comment lines it removed (theme-common codeBlockUtils, parseLines), so each shown line is
 * matched to the next written line with the same text: a removed line is one the magic-comment
 * pattern matches and a kept one is not, so no removed line has a kept line's text, and the first
 * match is the right one. Undefined when the lines do not match (the block then shows plain lines).
 */
export function tokensOfShownLines(
  highlightedTokens: string,
  shownCode: string,
): Token[][] | undefined {
  const written = decodeTokenLines(highlightedTokens);
  const writtenText = written.map(lineText);
  const shown: Token[][] = [];
  let next = 0;
  for (const text of shownCode.split('\n')) {
    const index = writtenText.indexOf(text, next);
    const line = written[index];
    if (line === undefined) return undefined;
    shown.push(line);
    next = index + 1;
  }
  return shown;
}

/** The shown lines' tokens, or undefined when the block has none (Content shows plain lines). */
export const TokenLinesContext = createContext<Token[][] | undefined>(undefined);

export function useTokenLines(): Token[][] | undefined {
  return useContext(TokenLinesContext);
}
