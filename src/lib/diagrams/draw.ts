/**
 * `npm run diagrams`: draws diagrams into docs/diagrams/, one SVG per colour scheme, and removes
 * the files no diagram needs any more.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from '../chromium';
import { COLOUR_SCHEMES, DIAGRAMS_DIR, diagramFileName } from './index';
import { openDiagramRenderer } from './render';
import type { DiagramSource } from './sources';

/** Draws each of `diagrams` in Debian's Chromium; `log` hears each one drawn. */
export async function drawDiagrams(
  siteDir: string,
  diagrams: readonly DiagramSource[],
  log: (line: string) => void,
): Promise<void> {
  if (diagrams.length === 0) return;
  const outDir = path.join(siteDir, DIAGRAMS_DIR);
  await mkdir(outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const renderer = await openDiagramRenderer(browser, siteDir);
    for (const diagram of diagrams) {
      for (const scheme of COLOUR_SCHEMES) {
        const svg = await renderer.render(diagram.source, scheme, `diagram-${diagram.key}`);
        // Written whole or not at all: the build must never see half a file.
        const target = path.join(outDir, diagramFileName(diagram.key, scheme));
        await writeFile(`${target}.tmp`, `${svg}\n`);
        await rename(`${target}.tmp`, target);
      }
      log(`drew ${diagram.file}:${diagram.line} → ${DIAGRAMS_DIR}/${diagram.key}-*.svg`);
    }
  } finally {
    await browser.close();
  }
}

/** Removes `names` from docs/diagrams/; `log` hears each one removed. */
export async function removeDiagramFiles(
  siteDir: string,
  names: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  for (const name of names) {
    await rm(path.join(siteDir, DIAGRAMS_DIR, name));
    log(`removed ${DIAGRAMS_DIR}/${name} (no diagram needs it)`);
  }
}
