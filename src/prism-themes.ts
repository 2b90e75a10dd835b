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

/**
 * Prism's GitHub theme with strings and comments darkened to reach 4.5:1 on its code background
 * (#f6f8fa): its own #e3116c (4.3:1) and #999988 (2.7:1) fail WCAG 2.1 AA.
 */
export const lightCodeTheme = recolour(themes.github, {
  string: '#c2185b',
  'attr-value': '#c2185b',
  comment: '#6e6e5e',
  prolog: '#6e6e5e',
  doctype: '#6e6e5e',
  cdata: '#6e6e5e',
});

export const darkCodeTheme = themes.dracula;
