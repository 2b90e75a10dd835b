/**
 * Browser-test fixtures: one static server per worker over the built site (the same server
 * `npm run serve` uses), and a page object that records every console error and page error.
 */
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { loadSiteConfig } from '../../src/config';
import { startStaticServer, type RunningStaticServer } from '../../src/lib/static-server';

// Playwright compiles tests to CommonJS, where __dirname is the folder of this file.
export const PROJECT_DIR = path.resolve(__dirname, '..', '..');
export const BUILD_DIR = path.join(PROJECT_DIR, 'build');

/** WCAG 2.1 levels A and AA, the accessibility bar for every page. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolationSummary {
  rule: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** A page of the site, with the problems the browser reported while it was open. */
export class SitePage {
  readonly consoleErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly siteUrl: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(`${message.text()} (${page.url()})`);
    });
    page.on('pageerror', (error) => {
      this.consoleErrors.push(`uncaught ${error.name}: ${error.message} (${page.url()})`);
    });
  }

  /** Absolute URL of a site path such as `guide/` (relative to the base URL). */
  url(sitePath: string): string {
    return new URL(sitePath.replace(/^\//, ''), this.siteUrl).href;
  }

  async goto(sitePath: string): Promise<void> {
    const response = await this.page.goto(this.url(sitePath), { waitUntil: 'load' });
    expect(response, `no response for ${sitePath}`).not.toBeNull();
    await this.waitForHydration();
  }

  /** Waits until React has hydrated the page, so what the browser renders on the client is judged too. */
  async waitForHydration(): Promise<void> {
    await expect(this.page.locator('html[data-has-hydrated="true"]')).toHaveCount(1);
  }

  /** Runs axe on the page as it is now and summarises each violation. */
  async accessibilityViolations(): Promise<AxeViolationSummary[]> {
    const results = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).analyze();
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }
}

export const test = base.extend<{ site: SitePage }, { server: RunningStaticServer }>({
  server: [
    // Playwright reads a fixture's dependencies from its destructuring pattern; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { baseUrl } = loadSiteConfig();
      const server = await startStaticServer({ root: BUILD_DIR, baseUrl });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  site: async ({ page, server }, use) => {
    await use(new SitePage(page, server.url));
  },
});

export { expect };
