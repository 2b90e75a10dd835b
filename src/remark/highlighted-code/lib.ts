/**
 * remark plugin: highlights code blocks at build time.
 *
 * Docusaurus's code block tokenises its code with Prism while React renders it, in the browser
 * too, and renders every token as a React element that hydration has to walk. This plugin runs
 * the same Prism (prism-react-renderer's, with the same extra languages) once, at build, and
 * gives each code block its lines as an HTML string, `highlightedHtml`, which the site's
 * CodeBlock (src/theme/CodeBlock) inserts as static HTML: React neither tokenises nor hydrates
 * the tokens. Colours come from token classes (`token keyword`), styled per colour scheme by
 * src/plugins/prism-css, so the HTML does not depend on the scheme.
 *
 * The lines keep Docusaurus's shape (`div.token-line` per line, a `span.token …` per token) minus
 * what only served inline styles: plain text is not wrapped in a span, and a line ends with its
 * newline instead of a `<br>`, so copying a selection keeps the line breaks.
 *
 * Blocks this cannot render exactly like Docusaurus are left to Docusaurus: a block with magic
 * comments (`highlight-next-line`, …), with `showLineNumbers`, or in a language Prism lacks.
 */
import type { Code, Root } from 'mdast';
import { Prism, normalizeTokens, type Token } from 'prism-react-renderer';
import { visit } from 'unist-util-visit';

export interface Options {
  /**
   * Prism languages to load beyond prism-react-renderer's own, as in Docusaurus's
   * `themeConfig.prism.additionalLanguages` (files of the `prismjs` package). Default `[]`.
   */
  additionalLanguages?: readonly string[];
}

/** Docusaurus's default magic comments (theme-common codeBlockUtils) and line-number switch. */
const LEFT_TO_DOCUSAURUS =
  /highlight-next-line|highlight-start|highlight-end|this-line-has|showLineNumbers/;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (char) => ESCAPES[char] ?? char);

let loaded: Promise<void> | undefined;

/**
 * Registers extra languages with prism-react-renderer's Prism, as Docusaurus's
 * prism-include-languages does in the browser: each `prismjs/components/prism-<name>.js`
 * extends the global `Prism` it finds.
 */
function loadLanguages(names: readonly string[]): Promise<void> {
  loaded ??= (async () => {
    const global = globalThis as { Prism?: unknown };
    const previous = global.Prism;
    global.Prism = Prism;
    try {
      for (const name of names) {
        if (Prism.languages[name] === undefined)
          await import(`prismjs/components/prism-${name}.js`);
        if (Prism.languages[name] === undefined)
          throw new Error(
            `remarkHighlightedCode: Prism language "${name}" did not register; is it a file of prismjs/components?`,
          );
      }
    } finally {
      global.Prism = previous;
    }
  })();
  return loaded;
}

/** A token's HTML: plain text bare, anything else in a span with Prism's classes. */
function tokenHtml(token: Token): string {
  const text = escapeHtml(token.content);
  if (token.types.length === 1 && token.types[0] === 'plain') return text;
  return `<span class="token ${token.types.map(escapeHtml).join(' ')}">${text}</span>`;
}

/** The lines of `code` in `language`, highlighted; undefined when Prism has no such grammar. */
export function highlightToHtml(code: string, language: string): string | undefined {
  const name = language.toLowerCase();
  const grammar = name === 'text' ? undefined : Prism.languages[name];
  if (grammar === undefined && name !== 'text') return undefined;
  // The same steps as prism-react-renderer's useTokenize, which Docusaurus's code block uses.
  const lines = normalizeTokens(grammar === undefined ? [code] : Prism.tokenize(code, grammar));
  return lines
    .map((line) => {
      // An empty line holds one empty plain token ("\n"); its newline is the line's own.
      const content = line
        .filter((token) => token.content !== '\n')
        .map(tokenHtml)
        .join('');
      return `<div class="token-line">${content}\n</div>`;
    })
    .join('');
}

export default function remarkHighlightedCode(
  options: Options = {},
): (tree: Root) => Promise<void> {
  const additional = options.additionalLanguages ?? [];
  return async (tree) => {
    await loadLanguages(additional);
    visit(tree, 'code', (node: Code) => {
      const language = node.lang ?? 'text';
      if (language === 'mermaid') return;
      if (LEFT_TO_DOCUSAURUS.test(node.meta ?? '') || LEFT_TO_DOCUSAURUS.test(node.value)) return;
      const html = highlightToHtml(node.value, language);
      if (html === undefined) return;
      node.data = {
        ...node.data,
        hProperties: { ...node.data?.hProperties, highlightedHtml: html },
      };
    });
  };
}
