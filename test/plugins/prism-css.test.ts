import { themes } from 'prism-react-renderer';
import { describe, expect, test } from 'vitest';
import { prismCss, prismThemeCss } from '../../src/plugins/prism-css';
import { darkCodeTheme, lightCodeTheme } from '../../src/prism-themes';

describe('prism-css', () => {
  test('colours each token type of a theme under the given scope', () => {
    const css = prismThemeCss(themes.github, '.scope');
    const comment = themes.github.styles.find((entry) => entry.types.includes('comment'));
    expect(comment).toBeDefined();
    expect(css).toContain(
      `.scope .token.comment { color: ${String(comment?.style.color)}; font-style: italic; }`,
    );
    expect(css).toContain(
      `.scope .theme-code-block { --prism-color: ${themes.github.plain.color}; --prism-background-color: ${themes.github.plain.backgroundColor}; }`,
    );
  });

  test('a type listed in several entries takes the later entry where they disagree', () => {
    const css = prismThemeCss(
      {
        plain: { color: '#000', backgroundColor: '#fff' },
        styles: [
          { types: ['keyword', 'builtin'], style: { color: '#111', fontStyle: 'italic' } },
          { types: ['keyword'], style: { color: '#222' } },
        ],
      },
      '.s',
    );
    expect(css).toContain('.s .token.keyword { color: #222; font-style: italic; }');
    expect(css).toContain('.s .token.builtin { color: #111; font-style: italic; }');
  });

  test('scopes the light theme to every page not in dark mode, and the dark theme to dark mode', () => {
    const css = prismCss({ light: lightCodeTheme, dark: darkCodeTheme });
    const stringColour = (theme: typeof lightCodeTheme) =>
      String(theme.styles.findLast((entry) => entry.types.includes('string'))?.style.color);
    expect(css).toContain(
      `:root:not([data-theme='dark']) .token.string { color: ${stringColour(lightCodeTheme)}`,
    );
    expect(css).toContain(
      `[data-theme='dark'] .token.string { color: ${stringColour(darkCodeTheme)}`,
    );
    expect(stringColour(lightCodeTheme)).not.toBe(stringColour(darkCodeTheme));
  });
});
