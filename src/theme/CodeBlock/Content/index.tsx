import React, { type ReactNode } from 'react';
import clsx from 'clsx';
import { useCodeBlockContext } from '@docusaurus/theme-common/internal';
import type { Props } from '@theme/CodeBlock/Content';
import Line from '@theme/CodeBlock/Line';
import type {
  Token,
  TokenInputProps,
  TokenOutputProps,
  LineInputProps,
  LineOutputProps,
} from 'prism-react-renderer';
import styles from '@docusaurus/theme-classic/lib/theme/CodeBlock/Content/styles.module.css';
import { useHighlightedHtml } from '@site/src/components/CodeBlockHtml';
import { useTokenLines } from './token-lines';

/** A line's props, as prism-react-renderer's getLineProps gives them without a theme. */
function getLineProps({ className }: LineInputProps): LineOutputProps {
  return { className: clsx('token-line', className) };
}

/** A token's props, as prism-react-renderer's getTokenProps gives them without a theme. */
function getTokenProps({ token, className }: TokenInputProps): TokenOutputProps {
  return { className: clsx('token', ...token.types, className), children: token.content };
}

/** The code's lines as single plain tokens (an empty line keeps its height, as Prism's does). */
function plainLines(code: string): Token[][] {
  return code.split('\n').map((content) => [{ types: ['plain'], content, empty: content === '' }]);
}

/**
 * Docusaurus's CodeBlockContent (theme-classic 3.10). Lines highlighted at build
 * (src/remark/highlighted-code) go in as static HTML, which hydration adopts without walking.
 * The few blocks whose lines Docusaurus lays out (magic comments, line numbers, highlighted
 * ranges) are rendered with Docusaurus's Line from the tokens the build made, so line numbers
 * and highlighted lines work and token classes colour them; a block in a language Prism lacks
 * is shown as plain lines. Prism stays out of the browser (src/plugins/prism-css), and nothing
 * depends on the colour scheme.
 */
export default function CodeBlockContent({ className }: Props): ReactNode {
  const { metadata, wordWrap } = useCodeBlockContext();
  const html = useHighlightedHtml();
  const tokenLines = useTokenLines();
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
  return (
    // A scrolling box must take focus to be scrolled from the keyboard (axe scrollable-region-focusable).
    <pre ref={wordWrap.codeBlockRef} tabIndex={0} className={preClassName}>
      {html !== undefined ? (
        <code className={codeClassName} dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <code
          className={codeClassName}
          style={counterReset === undefined ? undefined : { counterReset }}
        >
          {(tokenLines ?? plainLines(code)).map((line, index) => (
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
      )}
    </pre>
  );
}
