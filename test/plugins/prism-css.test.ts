import { themes } from 'prism-react-renderer';
import { describe, expect, test } from 'vitest';
import { drawnAsPlain, prismCss, prismThemeCss } from '../../src/plugins/prism-css';
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

  test("tells the tokens the site's two themes both draw like plain text from those they colour", () => {
    const plain = drawnAsPlain([lightCodeTheme, darkCodeTheme]);
    // Both themes give punctuation the plain colour, spelt differently in Dracula; operators are
    // the plain colour in the GitHub theme and unstyled in Dracula.
    expect(plain(['punctuation'])).toBe(true);
    expect(plain(['operator'])).toBe(true);
    expect(plain(['plain'])).toBe(true);
    expect(plain(['keyword'])).toBe(false);
    expect(plain(['punctuation', 'keyword'])).toBe(false);
    // GitHub's namespace keeps the colour but fades it.
    expect(plain(['namespace'])).toBe(false);
    // Dracula colours function names, GitHub does too: one theme colouring a type is enough.
    expect(plain(['function'])).toBe(false);
  });

  test('compares colours whatever their spelling, and counts any other property as a difference', () => {
    const theme = (style: Record<string, string>) => ({
      plain: { color: '#FFF', backgroundColor: '#000' },
      styles: [{ types: ['mark'], style }],
    });
    expect(drawnAsPlain([theme({ color: 'rgb(255, 255, 255)' })])(['mark'])).toBe(true);
    expect(drawnAsPlain([theme({ color: '#ffffff' })])(['mark'])).toBe(true);
    expect(drawnAsPlain([theme({ color: '#fffffe' })])(['mark'])).toBe(false);
    expect(drawnAsPlain([theme({ color: '#fff', fontStyle: 'italic' })])(['mark'])).toBe(false);
    expect(drawnAsPlain([theme({ color: '#fff' }), theme({ color: '#eee' })])(['mark'])).toBe(
      false,
    );
  });
});
