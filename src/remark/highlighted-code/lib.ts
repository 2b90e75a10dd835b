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
 * newline instead of a `<br>`, so copying a selection keeps the line breaks. A token the site's
 * colour themes draw exactly like plain text (punctuation and operators in its themes, see
 * `drawnAsPlain` in src/plugins/prism-css) is plain text too, joined to the plain text beside it.
 *
 * A block whose lines Docusaurus lays out itself, one with magic comments (`highlight-next-line`,
 * …), `showLineNumbers` or a highlighted range (`{2,4-5}`), gets `highlightedTokens` instead: the
 * tokens of its lines (./tokens.ts), which the site's code block hands to Docusaurus's own line
 * component, so numbers and highlighted lines work as in Docusaurus and are coloured like every
 * other block, without Prism in the browser. The whole code is tokenised as written, magic
 * comments included, so a token that spans lines (a block comment) keeps its type on each of
 * them; the code block matches Docusaurus's lines to these (src/theme/CodeBlock/Content).
 * A block in a language Prism lacks gets neither and stays plain, as in Docusaurus without that
 * grammar.
 */
import type { Code, Root } from 'mdast';
import { Prism, normalizeTokens, type Token } from 'prism-react-renderer';
import { visit } from 'unist-util-visit';
import { encodeTokenLines } from './tokens';

export interface Options {
  /**
   * Prism languages to load beyond prism-react-renderer's own, as in Docusaurus's
   * `themeConfig.prism.additionalLanguages` (files of the `prismjs` package). Default `[]`.
   */
  additionalLanguages?: readonly string[];
  /**
   * Whether a token of these types looks like plain text in every colour scheme
   * (`drawnAsPlain` of src/plugins/prism-css); such a token is written as plain text. Default:
   * only Prism's `plain` tokens.
   */
  drawnAsPlain?: (types: readonly string[]) => boolean;
}

type DrawnAsPlain = NonNullable<Options['drawnAsPlain']>;

const PLAIN_ONLY: DrawnAsPlain = (types) => types.length === 1 && types[0] === 'plain';

/**
 * What makes Docusaurus lay out a block's lines itself (theme-common codeBlockUtils): its default
 * magic comments and line-number switch anywhere, and a range of lines to highlight in the meta.
 */
const LINE_MARKUP =
  /highlight-next-line|highlight-start|highlight-end|this-line-has|showLineNumbers/;
const LINE_RANGE_IN_META = /\{[\d,-]+\}/;

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

/** A line with each token drawn as plain made plain, and runs of plain tokens joined. */
function plainWhereDrawnSo(line: readonly Token[], drawnAsPlain: DrawnAsPlain): Token[] {
  const joined: Token[] = [];
  for (const token of line) {
    const plain = drawnAsPlain(token.types);
    const previous = joined.at(-1);
    // A line's empty token ("\n") stays on its own: it marks an empty line.
    if (
      plain &&
      token.content !== '\n' &&
      previous !== undefined &&
      PLAIN_ONLY(previous.types) &&
      previous.empty !== true
    )
      joined[joined.length - 1] = { types: ['plain'], content: previous.content + token.content };
    else joined.push(plain ? { ...token, types: ['plain'] } : token);
  }
  return joined;
}

/**
 * The tokens of the lines of `code` in `language`, as Docusaurus's code block gets them from
 * prism-react-renderer's useTokenize (Prism.tokenize, then normalizeTokens), except that a token
 * drawn like plain text is plain; undefined when Prism has no such grammar. `text` is one plain
 * token per line.
 */
function tokenizeLines(
  code: string,
  language: string,
  drawnAsPlain: DrawnAsPlain = PLAIN_ONLY,
): Token[][] | undefined {
  const name = language.toLowerCase();
  if (name === 'text') return normalizeTokens([code]);
  const grammar = Prism.languages[name];
  if (grammar === undefined) return undefined;
  return normalizeTokens(Prism.tokenize(code, grammar)).map((line) =>
    plainWhereDrawnSo(line, drawnAsPlain),
  );
}

/** The lines of `code` in `language`, highlighted; undefined when Prism has no such grammar. */
export function highlightToHtml(
  code: string,
  language: string,
  drawnAsPlain?: DrawnAsPlain,
): string | undefined {
  const lines = tokenizeLines(code, language, drawnAsPlain);
  return lines
    ?.map((line) => {
      // An empty line holds one empty plain token ("\n"); its newline is the line's own.
      const content = line
        .filter((token) => token.content !== '\n')
        .map(tokenHtml)
        .join('');
      return `<div class="token-line">${content}\n</div>`;
    })
    .join('');
}

/** The property a block gets: HTML, tokens for Docusaurus's own lines, or none (plain). */
function highlightedProperty(
  node: Code,
  drawnAsPlain: DrawnAsPlain,
): Record<string, string> | undefined {
  const language = node.lang ?? 'text';
  const meta = node.meta ?? '';
  const lineMarkup =
    LINE_MARKUP.test(meta) || LINE_RANGE_IN_META.test(meta) || LINE_MARKUP.test(node.value);
  if (!lineMarkup) {
    const html = highlightToHtml(node.value, language, drawnAsPlain);
    return html === undefined ? undefined : { highlightedHtml: html };
  }
  // Plain text needs no tokens: the code block's fallback shows the same plain lines.
  if (language.toLowerCase() === 'text') return undefined;
  const lines = tokenizeLines(node.value, language, drawnAsPlain);
  return lines === undefined ? undefined : { highlightedTokens: encodeTokenLines(lines) };
}

export default function remarkHighlightedCode(
  options: Options = {},
): (tree: Root) => Promise<void> {
  const additional = options.additionalLanguages ?? [];
  const drawnAsPlain = options.drawnAsPlain ?? PLAIN_ONLY;
  return async (tree) => {
    await loadLanguages(additional);
    visit(tree, 'code', (node: Code) => {
      if (node.lang === 'mermaid') return;
      const property = highlightedProperty(node, drawnAsPlain);
      if (property === undefined) return;
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, ...property } };
    });
  };
}
