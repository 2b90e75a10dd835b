/**
 * The plain rendering of the guide (src/lib/bench/plain-pages): each guide page's Markdown with
 * the project's components replaced by their text, as a bare Docusaurus site can build it.
 * These tests convert the real guide pages with the real registry and results.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { beforeAll, describe, expect, test } from 'vitest';
import * as plainPages from '../../src/lib/bench/plain-pages';
import {
  guideSourceFiles,
  loadGuideData,
  plainPage,
  plainPathOf,
  writePlainGuide,
  type GuideData,
} from '../../src/lib/bench/plain-pages';
import { InvalidInputError } from '../../src/lib/errors';

const PROJECT_DIR = path.resolve(__dirname, '..', '..');

let data: GuideData;
let guideFiles: Set<string>;

beforeAll(async () => {
  data = await loadGuideData(PROJECT_DIR);
  guideFiles = new Set(await guideSourceFiles(PROJECT_DIR));
});

const convert = (file: string) => plainPage(data, file, guideFiles);

test('the library exports the converter, the data loader and the plain site helpers', () => {
  expect(Object.keys(plainPages).sort()).toEqual([
    'buildPlainSite',
    'createPlainSite',
    'guideSourceFiles',
    'loadGuideData',
    'plainPage',
    'plainPathOf',
    'writePlainGuide',
  ]);
});

describe('plainPage', () => {
  test('keeps the front matter and drops the imports', async () => {
    const { markdown } = await convert('applications.mdx');
    expect(markdown.startsWith('---\ntitle: Guidance for applications\n')).toBe(true);
    expect(markdown).not.toMatch(/^import /m);
  });

  test('replaces every component by its text and leaves no JSX element', async () => {
    for (const file of guideFiles) {
      const { markdown } = await convert(file);
      expect(markdown, file).not.toMatch(/<[A-Z][A-Za-z]*[\s/>]/);
    }
    const { markdown } = await convert('applications.mdx');
    const view = data.recommendations.get('R-APP-NO-CALLS-BEFORE-EXEC');
    expect(markdown).toContain('R-APP-NO-CALLS-BEFORE-EXEC **Call no PKCS #11 function');
    expect(markdown).toContain(`(${view?.claims.length ?? 0})`);
    expect(markdown).toContain('*Why:*');
  });

  test('prints the results matrix and the probe reports as Markdown tables', async () => {
    const { markdown } = await convert('module-behaviour.mdx');
    // remark-stringify pads the cells to align the columns.
    const header = (cells: string[]) =>
      new RegExp(
        `^\\| ${cells.map((cell) => cell.replace(/[|`]/g, '\\$&')).join(' +\\| ')} +\\|$`,
        'm',
      );
    const modules = data.results.modules.map((m) => `\`${m.id}\``);
    expect(markdown).toMatch(header(['Pattern', 'Run', 'Threads at fork', ...modules]));
    expect(markdown).toMatch(header(['Configuration', 'Module and version', 'Cryptoki version']));
    expect(markdown).toMatch(/^\| Configuration and run +\| Outcome over all runs +\|/m);
    for (const report of data.probeReports)
      expect(markdown).toContain(`${report.id}: ${report.module}`);
  });

  test('fills example code blocks with the region the project build inserts', async () => {
    const { markdown } = await convert('applications.mdx');
    expect(markdown).toContain('```c title="examples/atfork-reinit.c (lines ');
    expect(markdown).toContain('static void reinitialise_in_child(void)');
    expect(markdown).not.toContain('example="');
  });

  test('shows a Mermaid diagram as its light drawing, copied next to the page', async () => {
    const { markdown, assets } = await convert('decision-chart.mdx');
    expect(markdown).not.toContain('```mermaid');
    expect(assets).toHaveLength(1);
    expect(assets[0]?.to).toMatch(/^img\/[0-9a-f]{16}-light\.svg$/);
    expect(markdown).toContain(`](./${assets[0]?.to ?? ''})`);
  });

  test('keeps links between guide pages and external links, and unlinks the rest', async () => {
    const { markdown } = await convert('index.md');
    expect(markdown).toContain('(./applications.mdx');
    expect(markdown).toContain('](https://');
    expect(markdown).not.toMatch(/\]\(\/errata|\]\(\.\.\/|\]\(pathname:/);
    // The erratum anchored on this page is noticed, as on the project's page.
    expect(markdown).toMatch(/> \*\*Erratum E-\d+\*\*/);
  });

  test('turns classic heading ids into MDX comment ids and drops HTML comments', async () => {
    const { markdown } = await convert('index.md');
    expect(markdown).toContain('## How the revision is organised {/* #how-it-is-organised */}');
    const proposed = await convert('proposed-text.md');
    expect(proposed.markdown).not.toContain('<!--');
  });

  test('writes every page in MDX that parses again', async () => {
    const mdx = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).use(remarkMdx);
    for (const file of guideFiles) {
      const { markdown } = await convert(file);
      expect(() => mdx.parse(markdown), file).not.toThrow();
    }
  });

  test('fails at the line of a component it has no plain form for', async () => {
    const siteDir = await mkdtemp(path.join(tmpdir(), 'plain-pages-'));
    try {
      await mkdir(path.join(siteDir, 'docs', 'guide'), { recursive: true });
      await writeFile(
        path.join(siteDir, 'docs', 'guide', 'new.mdx'),
        '# New\n\n<Gauge value={3} />\n',
      );
      const page = plainPage({ ...data, siteDir }, 'new.mdx', new Set(['new.mdx']));
      await expect(page).rejects.toThrow(InvalidInputError);
      await expect(page).rejects.toThrow('docs/guide/new.mdx:3: <Gauge>: no plain form known');
    } finally {
      await rm(siteDir, { recursive: true, force: true });
    }
  });
});

describe('writePlainGuide', () => {
  test('writes every guide page and its images under docs/guide/', async () => {
    const siteDir = await mkdtemp(path.join(tmpdir(), 'plain-site-'));
    try {
      const pages = await writePlainGuide(PROJECT_DIR, siteDir);
      const written = await readdir(path.join(siteDir, 'docs', 'guide'), { recursive: true });
      expect(pages.map((page) => page.file)).toEqual([...guideFiles]);
      expect(written).toEqual(expect.arrayContaining([...guideFiles, 'img']));
      expect(plainPathOf('guide/applications')).toBe('docs/guide/applications');
    } finally {
      await rm(siteDir, { recursive: true, force: true });
    }
  });
});
