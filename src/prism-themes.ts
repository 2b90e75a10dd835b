import { themes, type PrismTheme } from 'prism-react-renderer';

/** Replaces the colour of the given token types, keeping the rest of a theme. */
function recolour(theme: PrismTheme, colours: Readonly<Record<string, string>>): PrismTheme {
  return {
    ...theme,
    styles: theme.styles.map((entry) => {
      const colour = entry.types.map((type) => colours[type]).find((value) => value !== undefined);
      return colour === undefined ? entry : { ...entry, style: { ...entry.style, color: colour } };
    }),
  };
}

const LIGHT_FIXES: Readonly<Record<string, string>> = {
  // strings: #e3116c is 4.3:1
  string: '#c2185b',
  'attr-value': '#c2185b',
  // comments: #999988 is 2.7:1
  comment: '#6e6e5e',
  prolog: '#6e6e5e',
  doctype: '#6e6e5e',
  cdata: '#6e6e5e',
  // constants and numbers: #36acaa is 2.6:1
  ...Object.fromEntries(
    [
      'entity',
      'url',
      'symbol',
      'number',
      'boolean',
      'variable',
      'constant',
      'property',
      'regex',
      'inserted',
    ].map((type) => [type, '#17696a']),
  ),
  // at-rules and attribute names: #00a4db is 2.7:1
  atrule: '#0069a8',
  'attr-name': '#0069a8',
  // functions: #d73a49 is 4.3:1
  function: '#b31d28',
  deleted: '#b31d28',
};

/**
 * Prism's GitHub theme with the token colours that miss 4.5:1 on its code background (#f6f8fa)
 * darkened until they reach it (WCAG 2.1 AA, SC 1.4.3).
 */
export const lightCodeTheme = recolour(themes.github, LIGHT_FIXES);

/** Prism's Dracula theme with comments lightened: its #6272a4 is 3.0:1 on #282a36. */
export const darkCodeTheme = recolour(themes.dracula, { comment: '#9aa5ce' });
