/**
 * npm run social-card: renders static/img/social-card.svg (the Open Graph image's source) to the
 * 1200 × 630 PNG that link previews fetch, with Debian's Chromium. Run it after editing the SVG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { EXIT_OK, runCli } from '../src/lib/cli';
import { CHROMIUM_ARGS, chromiumExecutable } from '../src/lib/chromium';

const SOURCE = path.join('static', 'img', 'social-card.svg');
const TARGET = path.join('static', 'img', 'social-card.png');

const HELP = `Usage: npm run social-card

Renders ${SOURCE} to ${TARGET} (1200 × 630), the site's Open Graph image.
`;

runCli(HELP, async () => {
  const svg = await readFile(SOURCE, 'utf8');
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await writeFile(TARGET, await page.screenshot({ type: 'png' }));
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${TARGET}\n`);
  return EXIT_OK;
});
