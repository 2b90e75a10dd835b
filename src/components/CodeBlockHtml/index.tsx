/**
 * What the site's code block (src/theme/CodeBlock) shares between its parts: the lines
 * highlighted at build (src/remark/highlighted-code), and a word-wrap state that never makes
 * React render the block again on its own.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { useCodeWordWrap } from '@docusaurus/theme-common/internal';
import { measureSoon, setWordWrap } from './word-wrap';

export { SCROLLABLE_ATTRIBUTE } from './word-wrap';
export { wireAdoptedCodeBlock } from './adopted';

type WordWrap = ReturnType<typeof useCodeWordWrap>;

/** The block's lines as HTML made at build, or undefined when the browser highlights them. */
export const HighlightedHtmlContext = createContext<string | undefined>(undefined);

export function useHighlightedHtml(): string | undefined {
  return useContext(HighlightedHtmlContext);
}

/**
 * Docusaurus's useCodeWordWrap (theme-common hooks/useCodeWordWrap) keeps "is the code wider
 * than its box" in React state, set by an effect after hydration: every block renders again.
 * Here it is an attribute on the block's content box, which CSS reads; React state changes only
 * when the reader toggles wrapping.
 */
export function useStaticCodeWordWrap(): WordWrap {
  const codeBlockRef = useRef<HTMLPreElement>(null);
  const [isEnabled, setIsEnabled] = useState(false);
  const toggle = useCallback(() => {
    const code = codeBlockRef.current?.querySelector('code');
    if (!code) return;
    setWordWrap(code, !isEnabled);
    setIsEnabled((value) => !value);
  }, [isEnabled]);
  useEffect(() => {
    const pre = codeBlockRef.current;
    if (!pre) return undefined;
    measureSoon(pre);
    const onResize = (): void => {
      measureSoon(pre);
    };
    window.addEventListener('resize', onResize, { passive: true });
    return () => {
      window.removeEventListener('resize', onResize);
    };
  }, [isEnabled]);
  return { codeBlockRef, isEnabled, isCodeScrollable: false, toggle };
}
