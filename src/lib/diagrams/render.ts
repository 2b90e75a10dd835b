/** Draws Mermaid diagrams to SVG in Debian's Chromium, with the installed Mermaid bundle. */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { DIAGRAM_THEMES, type ColourScheme } from './index';

export interface DiagramRenderer {
  /** The SVG of `source` in `scheme`, its size given in pixels (no `width="100%"`). */
  render(source: string, scheme: ColourScheme, id: string): Promise<string>;
  close(): Promise<void>;
}

interface MermaidGlobal {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

export async function openDiagramRenderer(
  browser: Browser,
  siteDir: string,
): Promise<DiagramRenderer> {
  const require = createRequire(path.join(siteDir, 'package.json'));
  const page: Page = await browser.newPage();
  await page.setContent('<!doctype html><html lang="en"><head></head><body></body></html>');
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  return {
    async render(source, scheme, id) {
      return page.evaluate(
        async ({ source, theme, css, id }) => {
          const mermaid = (window as unknown as { mermaid: MermaidGlobal }).mermaid;
          mermaid.initialize({
            startOnLoad: false,
            theme,
            securityLevel: 'strict',
            // Text is measured with the font the drawing page has; DejaVu Sans (Debian's) is as
            // wide as Verdana and wider than most fallbacks, so labels fit where it is missing.
            fontFamily: '"DejaVu Sans", Verdana, sans-serif',
          });
          const { svg } = await mermaid.render(id, source);
          // An image needs its size: Mermaid writes width="100%" and a max-width style.
          // Mermaid's markup is HTML (labels hold <br>): parse it as such, serialise it as XML.
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          const root = holder.querySelector('svg');
          if (root === null) throw new Error('Mermaid returned no <svg>');
          const [, , width, height] = (root.getAttribute('viewBox') ?? '0 0 0 0')
            .split(/\s+/)
            .map(Number);
          root.setAttribute('width', String(Math.ceil(width ?? 0)));
          root.setAttribute('height', String(Math.ceil(height ?? 0)));
          root.removeAttribute('style');
          // Extra rules after Mermaid's own.
          if (css !== '') {
            const style = root.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'style');
            style.textContent = css;
            root.append(style);
          }
          return new XMLSerializer().serializeToString(root);
        },
        { source, theme: DIAGRAM_THEMES[scheme].theme, css: DIAGRAM_THEMES[scheme].css(id), id },
      );
    },
    close: () => page.close(),
  };
}
