import { describe, expect, it } from 'vitest';
import { robotsTxt } from '../../src/plugins/robots';

describe('robots.txt', () => {
  it('names the absolute sitemap under the base URL and keeps crawlers out of the test pages', () => {
    expect(robotsTxt('https://owner.github.io', '/usage-guide-fork/')).toBe(
      'User-agent: *\nDisallow: /usage-guide-fork/dogfood/\n\nSitemap: https://owner.github.io/usage-guide-fork/sitemap.xml\n',
    );
  });
});
