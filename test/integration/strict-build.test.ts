import { afterEach, describe, expect, test } from 'vitest';
import { buildSite, formatBrokenLink } from '../../src/lib/site-build';
import { createTempSite, type TempSite } from '../support/temp-site';

// Each case adds one faulty page to a copy of this site and builds it with the project's own
// configuration, so the strictness tested is the strictness the real build has.
describe('the site build is strict', () => {
  let site: TempSite | undefined;
  afterEach(async () => {
    await site?.remove();
    site = undefined;
  });

  const page = (body: string): string =>
    `---\ntitle: Faulty page\n---\n\n# Faulty page\n\n## A real heading\n\n${body}\n`;

  test('a broken link fails the build and names the file and the target', async () => {
    site = await createTempSite();
    await site.write('docs/guide/faulty.md', page('See [nowhere](/guide/no-such-page).'));
    const result = await buildSite({ siteDir: site.dir });
    expect(result.ok).toBe(false);
    const messages = result.brokenLinks.map(formatBrokenLink);
    expect(messages).toContainEqual(
      expect.stringMatching(/^docs\/guide\/faulty\.md: broken link to \/guide\/no-such-page/),
    );
  });

  test('a broken anchor fails the build and names the file and the target', async () => {
    site = await createTempSite();
    await site.write('docs/guide/faulty.md', page('See [the overview](/guide/#no-such-heading).'));
    const result = await buildSite({ siteDir: site.dir });
    expect(result.ok).toBe(false);
    const messages = result.brokenLinks.map(formatBrokenLink);
    expect(messages).toContainEqual(
      expect.stringMatching(/^docs\/guide\/faulty\.md: broken anchor to \/guide\/#no-such-heading/),
    );
  });

  test('a broken Markdown link fails the build and names the file and the target', async () => {
    site = await createTempSite();
    await site.write('docs/guide/faulty.md', page('See [the missing page](./missing-page.md).'));
    const result = await buildSite({ siteDir: site.dir });
    expect(result.ok).toBe(false);
    const messages = result.brokenLinks.map(formatBrokenLink);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /docs\/guide\/faulty\.md.*broken Markdown link to \.\/missing-page\.md/,
      ),
    );
  });

  test('an embedded example region that does not exist fails the build and names the file', async () => {
    site = await createTempSite();
    await site.write(
      'examples/demo.c',
      '/* ANCHOR: present */\nint x;\n/* ANCHOR_END: present */\n',
    );
    await site.write('docs/guide/faulty.md', page('```c example="demo#absent"\n```'));
    const result = await buildSite({ siteDir: site.dir });
    expect(result.ok).toBe(false);
    expect(result.output).toContain(
      'examples/demo.c has no region "absent"; its regions are: present',
    );
    expect(result.output).toMatch(/docs\/guide\/faulty\.md/);
  });

  test('the same copy without a faulty page builds', async () => {
    site = await createTempSite();
    const result = await buildSite({ siteDir: site.dir });
    expect(result.output).not.toMatch(/broken/i);
    expect(result.ok).toBe(true);
  });
});
