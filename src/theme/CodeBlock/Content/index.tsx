import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Content';
import Line from '@theme/CodeBlock/Line';
import { Highlight, type PrismTheme } from 'prism-react-renderer';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';
import { useHighlightedHtml } from '@site/src/components/CodeBlockHtml';

/** A theme without colours: Prism only tokenises; token classes take their colours from CSS. */
const CLASSES_ONLY: PrismTheme = { plain: {}, styles: [] };

/**
 * Docusaurus's CodeBlockContent (theme-classic 3.10). Lines highlighted at build go in as static
 * HTML, which hydration adopts without walking; other blocks are tokenised as before, with token
 * classes and no inline colours, so the server's HTML fits either colour scheme.
 */
export default function CodeBlockContent({ className }: Props): ReactNode {
  const { metadata, wordWrap } = useCodeBlockContext();
  const html = useHighlightedHtml();
  const { code, language, lineNumbersStart, lineClassNames } = metadata;
  const preClassName = clsx(
    className,
    'prism-code',
    `language-${language}`,
    styles.codeBlock,
    'thin-scrollbar',
  );
  const codeClassName = clsx(
    styles.codeBlockLines,
    lineNumbersStart !== undefined && styles.codeBlockLinesWithNumbering,
  );
  const counterReset =
    lineNumbersStart === undefined ? undefined : `line-count ${lineNumbersStart - 1}`;
  if (html !== undefined) {
    return (
      // A scrolling box must take focus to be scrolled from the keyboard (axe scrollable-region-focusable).
      <pre ref={wordWrap.codeBlockRef} tabIndex={0} className={preClassName}>
        <code className={codeClassName} dangerouslySetInnerHTML={{ __html: html }} />
      </pre>
    );
  }
  return (
    <Highlight theme={CLASSES_ONLY} code={code} language={language}>
      {({ tokens: lines, getLineProps, getTokenProps }) => (
        <pre ref={wordWrap.codeBlockRef} tabIndex={0} className={preClassName}>
          <code
            className={codeClassName}
            style={counterReset === undefined ? undefined : { counterReset }}
          >
            {lines.map((line, index) => (
              <Line
                key={index}
                line={line}
                getLineProps={getLineProps}
                getTokenProps={getTokenProps}
                classNames={lineClassNames[index]}
                showLineNumbers={lineNumbersStart !== undefined}
              />
            ))}
          </code>
        </pre>
      )}
    </Highlight>
  );
}
