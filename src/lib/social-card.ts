/**
 * The site's Open Graph image: static/img/social-card.svg drawn to the 1200 × 630 PNG that link
 * previews fetch, in Debian's Chromium.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from './chromium';

export const SOCIAL_CARD_SOURCE = path.join('static', 'img', 'social-card.svg');
export const SOCIAL_CARD_IMAGE = path.join('static', 'img', 'social-card.png');

export async function renderSocialCard(
  source = SOCIAL_CARD_SOURCE,
  target = SOCIAL_CARD_IMAGE,
): Promise<void> {
  const svg = await readFile(source, 'utf8');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
    await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
    await writeFile(target, await page.screenshot({ type: 'png' }));
  } finally {
    await browser.close();
  }
}
