/**
 * How a Prism theme styles each token type, read the way the generated style sheet applies it
 * (./index.ts): one rule per type, entries merged in theme order. From that follows which tokens
 * look exactly like plain text, which the build then writes without a span
 * (src/remark/highlighted-code): a span that changes nothing on screen still costs the browser
 * an element to style and lay out, and most of a C block's tokens are punctuation.
 */
import type { PrismTheme } from 'prism-react-renderer';

export type TokenStyle = Readonly<Record<string, unknown>>;

/** Each type's merged style; entries for one language only are left out, as in the CSS. */
export function typeStyles(theme: PrismTheme): Map<string, TokenStyle> {
  const byType = new Map<string, TokenStyle>();
  for (const entry of theme.styles) {
    // Language-specific entries would need the block's language; the site's themes have none.
    if (entry.languages !== undefined) continue;
    for (const type of entry.types)
      byType.set(type, { ...byType.get(type), ...(entry.style as TokenStyle) });
  }
  return byType;
}

/** `#rgb`, `#rrggbb` or `rgb(r, g, b)` as one spelling; any other colour as written. */
function colourKey(colour: unknown): string {
  const text = String(colour).trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(text);
  const functional = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(text);
  if (short !== null)
    return short
      .slice(1)
      .map((digit) => parseInt(digit + digit, 16))
      .join(',');
  if (long !== null)
    return long
      .slice(1)
      .map((pair) => parseInt(pair, 16))
      .join(',');
  if (functional !== null) return functional.slice(1).map(Number).join(',');
  return text;
}

/**
 * Whether a token of these types looks like plain text in every one of `themes`: none of its
 * types is styled, or only with the theme's plain colour. Such a token needs no span.
 */
export function drawnAsPlain(themes: readonly PrismTheme[]): (types: readonly string[]) => boolean {
  const looks = themes.map((theme) => ({ styles: typeStyles(theme), plain: theme.plain }));
  return (types) =>
    looks.every(({ styles, plain }) =>
      types.every((type) =>
        Object.entries(styles.get(type) ?? {}).every(
          ([property, value]) =>
            property === 'color' && colourKey(value) === colourKey(plain.color),
        ),
      ),
    );
}
