/**
 * The wire format of `highlightedTokens`: the Prism tokens of a code block's lines, as the build
 * (./lib.ts) hands them to the site's code block (src/theme/CodeBlock/Content), which lays them
 * out with Docusaurus's own line component. Both sides use this one module, so the format has one
 * definition. It is JSON and small: a plain token is its text, any other token is
 * `[types joined by spaces, text]`, and an empty line is `[]`.
 */
import type { Token } from 'prism-react-renderer';

/** A token on the wire: plain text bare, else its types (Prism's names hold no spaces) and text. */
export type EncodedToken = string | [types: string, content: string];

/** The lines of normalizeTokens (prism-react-renderer) as the JSON the build passes on. */
export function encodeTokenLines(lines: readonly (readonly Token[])[]): string {
  const encoded = lines.map((line) =>
    line
      // An empty line holds one empty plain token ("\n"), which `[]` says; Prism also leaves
      // empty tokens where lines meet, which show nothing.
      .filter((token) => token.content !== '\n' && token.content !== '')
      .map((token): EncodedToken => {
        const plain = token.types.length === 1 && token.types[0] === 'plain';
        return plain ? token.content : [token.types.join(' '), token.content];
      }),
  );
  return JSON.stringify(encoded);
}

/** The lines back as normalizeTokens gave them (the JSON is the build's own output). */
export function decodeTokenLines(json: string): Token[][] {
  const lines = JSON.parse(json) as EncodedToken[][];
  return lines.map((line) =>
    line.length === 0
      ? [{ types: ['plain'], content: '\n', empty: true }]
      : line.map((token) =>
          typeof token === 'string'
            ? { types: ['plain'], content: token }
            : { types: token[0].split(' '), content: token[1] },
        ),
  );
}
