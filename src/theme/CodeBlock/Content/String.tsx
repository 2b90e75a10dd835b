import React, { type ReactNode } from 'react';
import { useThemeConfig } from '@docusaurus/theme-common';
import {
  CodeBlockContextProvider,
  createCodeBlockMetadata,
} from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Content/String';
import CodeBlockLayout from '@theme/CodeBlock/Layout';
import { HighlightedHtmlContext, useStaticCodeWordWrap } from '@site/src/components/CodeBlockHtml';

/**
 * Docusaurus's CodeBlockString (theme-classic 3.10), with a word-wrap state that does not render
 * the block again after hydration, and the lines highlighted at build handed to the content.
 */
export default function CodeBlockString(props: Props & { highlightedHtml?: string }): ReactNode {
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
  return (
    <CodeBlockContextProvider metadata={metadata} wordWrap={wordWrap}>
      <HighlightedHtmlContext.Provider value={props.highlightedHtml}>
        <CodeBlockLayout />
      </HighlightedHtmlContext.Provider>
    </CodeBlockContextProvider>
  );
}
