/**
 * Mermaid diagrams drawn ahead of time. Each ```mermaid block of the docs is drawn to two SVG
 * files (light and dark colour scheme) by `npm run diagrams`, named by a hash of the Mermaid
 * version and the block's text and committed in docs/diagrams/. The pages show them as images
 * (src/remark/mermaid-images), so no page downloads Mermaid (about 190 KB gzip) to draw them,
 * and a block whose text or Mermaid version changed has no file until it is drawn again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Folder of the drawn diagrams, relative to the site. */
export const DIAGRAMS_DIR = path.join('docs', 'diagrams');

interface DiagramTheme {
  /** Mermaid's theme. */
  theme: string;
  /** CSS added after Mermaid's own, given the diagram's element id (Mermaid scopes by it). */
  css(id: string): string;
}

/** The two colour schemes and how each is drawn. */
export const DIAGRAM_THEMES = {
  light: { theme: 'neutral', css: () => '' },
  // The dark theme writes edge labels in #ccc on #585858 (4.4:1); lighter text passes 4.5:1.
  dark: {
    theme: 'dark',
    css: (id) => `#${id} .edgeLabel, #${id} .edgeLabel p { color: #f2f2f2 !important; }`,
  },
} as const satisfies Record<string, DiagramTheme>;
export type ColourScheme = keyof typeof DIAGRAM_THEMES;
export const COLOUR_SCHEMES = Object.keys(DIAGRAM_THEMES) as ColourScheme[];

/** The installed Mermaid's version (part of every diagram's name). */
export function mermaidVersion(siteDir: string): string {
  const require = createRequire(path.join(siteDir, 'package.json'));
  const manifest = JSON.parse(readFileSync(require.resolve('mermaid/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The name shared by a diagram's files: 16 hex digits of SHA-256 over version and text. */
export function diagramKey(source: string, version: string): string {
  return createHash('sha256')
    .update(`mermaid ${version}\n${source.trim()}\n`)
    .digest('hex')
    .slice(0, 16);
}

export function diagramFileName(key: string, scheme: ColourScheme): string {
  return `${key}-${scheme}.svg`;
}

/**
 * The diagram's text alternative from its own `accTitle` and `accDescr` lines (Mermaid's
 * accessibility syntax, which also titles the SVG), or undefined when it has no `accTitle`.
 */
export function textAlternative(source: string): string | undefined {
  const line = (keyword: string): string | undefined =>
    new RegExp(`^\\s*${keyword}\\s*:\\s*(.+?)\\s*$`, 'm').exec(source)?.[1];
  const title = line('accTitle');
  if (title === undefined) return undefined;
  const description = line('accDescr');
  return description === undefined ? title : `${title}. ${description}`;
}
