/**
 * Runs once before the browser tests: builds the site and its PDF into build/ and records which Chromium the
 * tests run on (Debian updates it under us, so every report names it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type FullConfig } from '@playwright/test';
import { renderGuidePdf } from '../../src/lib/pdf';
import { buildSite, formatBrokenLink } from '../../src/lib/site-build';
import { chromiumExecutable, CHROMIUM_ARGS } from './chromium';

export default async function globalSetup(config: FullConfig): Promise<void> {
  const siteDir = config.rootDir ? path.resolve(config.rootDir, '..', '..') : process.cwd();
  if (process.env.E2E_REUSE_BUILD !== '1') {
    process.stdout.write('Building the site for the browser tests…\n');
    const result = await buildSite({ siteDir });
    if (!result.ok) {
      const links = result.brokenLinks.map(formatBrokenLink).join('\n');
      throw new Error(
        `The site build failed; the browser tests need it.\n${links || result.output.slice(-4000)}`,
      );
    }
    process.stdout.write(`Built in ${(result.durationMs / 1000).toFixed(1)} s.\n`);
    // The same post-build step as npm run build: the PDF tests check the real artifact.
    const pdf = await renderGuidePdf({ buildDir: path.join(siteDir, 'build'), siteDir });
    process.stdout.write(
      `PDF rendered: ${pdf.pages} pages in ${(pdf.durationMs / 1000).toFixed(1)} s.\n`,
    );
  }
  const browser = await chromium.launch({
    executablePath: chromiumExecutable(),
    args: [...CHROMIUM_ARGS],
  });
  const version = browser.version();
  await browser.close();
  process.stdout.write(`Browser tests run on Chromium ${version} (${chromiumExecutable()}).\n`);
  await mkdir(path.join(siteDir, 'test-results'), { recursive: true });
  await writeFile(
    path.join(siteDir, 'test-results', 'browser-version.txt'),
    `Chromium ${version}\n`,
  );
}
