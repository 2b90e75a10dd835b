import React, { useMemo, type ReactNode } from 'react';
import { useThemeConfig } from '@docusaurus/theme-common';
import {
  CodeBlockContextProvider,
  createCodeBlockMetadata,
} from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Content/String';
import CodeBlockLayout from '@theme/CodeBlock/Layout';
import { HighlightedHtmlContext, useStaticCodeWordWrap } from '@site/src/components/CodeBlockHtml';
import { TokenLinesContext, tokensOfShownLines } from './token-lines';

/**
 * Docusaurus's CodeBlockString (theme-classic 3.10), with a word-wrap state that does not render
 * the block again after hydration, and what src/remark/highlighted-code made at build handed to
 * the content: the lines as HTML, or the tokens of the lines Docusaurus shows.
 */
export default function CodeBlockString(
  props: Props & { highlightedHtml?: string; highlightedTokens?: string },
): ReactNode {
  const { prism } = useThemeConfig();
  const metadata = createCodeBlockMetadata({
    code: props.children,
    className: props.className,
    metastring: props.metastring,
    magicComments: prism.magicComments,
    defaultLanguage: prism.defaultLanguage,
    language: props.language,
    title: props.title,
    showLineNumbers: props.showLineNumbers,
  });
  const wordWrap = useStaticCodeWordWrap();
  const { highlightedTokens } = props;
  const tokenLines = useMemo(
    () =>
      highlightedTokens === undefined
        ? undefined
        : tokensOfShownLines(highlightedTokens, metadata.code),
    [highlightedTokens, metadata.code],
  );
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <HighlightedHtmlContext.Provider value={props.highlightedHtml}>
        <TokenLinesContext.Provider value={tokenLines}>
          <CodeBlockLayout />
        </TokenLinesContext.Provider>
      </HighlightedHtmlContext.Provider>
    </CodeBlockContextProvider>
  );
}
