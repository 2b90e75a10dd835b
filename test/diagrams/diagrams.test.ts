import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type { Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../src/lib/chromium';
import {
  DIAGRAMS_DIR,
  diagramFileName,
  diagramKey,
  mermaidVersion,
  textAlternative,
} from '../../src/lib/diagrams';
import { openDiagramRenderer } from '../../src/lib/diagrams/render';
import { compareDiagramFiles, findDiagrams } from '../../src/lib/diagrams/sources';
import remarkMermaidImages from '../../src/remark/mermaid-images';
import { flowchartSteps } from '../../src/lib/diagrams/flowchart-steps';
import { PROJECT_DIR, runScript } from '../support/script';

const CHART = [
  'flowchart TD',
  '  accTitle: Two steps',
  '  accDescr: The first leads to the second',
  '  first[First step] --> second[Second step]',
].join('\n');

describe('diagram names and text alternatives', () => {
  test('the name follows the Mermaid version and the text, not surrounding blank lines', () => {
    const key = diagramKey(CHART, '11.0.0');
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(diagramKey(`\n${CHART}\n\n`, '11.0.0')).toBe(key);
    expect(diagramKey(CHART, '11.0.1')).not.toBe(key);
    expect(diagramKey(CHART.replace('Second', 'Third'), '11.0.0')).not.toBe(key);
    expect(diagramFileName(key, 'dark')).toBe(`${key}-dark.svg`);
  });

  test('the text alternative is accTitle, then accDescr', () => {
    expect(textAlternative(CHART)).toBe('Two steps. The first leads to the second');
    expect(textAlternative('flowchart TD\n  accTitle: Only a title\n  a --> b')).toBe(
      'Only a title',
    );
    expect(textAlternative('flowchart TD\n  a --> b')).toBeUndefined();
  });
});

describe("the site's diagrams", () => {
  test('every diagram of docs/ and dogfood/ is drawn for the installed Mermaid, and nothing else is kept', async () => {
    const version = mermaidVersion(PROJECT_DIR);
    const diagrams = await findDiagrams(PROJECT_DIR, version);
    expect(diagrams.map((diagram) => diagram.file)).toEqual(
      expect.arrayContaining(['docs/guide/decision-chart.mdx', 'dogfood/diagrams.md']),
    );
    for (const diagram of diagrams) expect(textAlternative(diagram.source)).toBeDefined();
    // On failure: npm run diagrams.
    expect(await compareDiagramFiles(PROJECT_DIR, diagrams)).toEqual({ missing: [], orphans: [] });
  });

  test('npm run diagrams -- --check agrees', async () => {
    const result = await runScript('diagrams', PROJECT_DIR, ['--check']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\d+ diagram\(s\), all drawn for Mermaid \d+\.\d+\.\d+\./);
  });
});

describe('a site with a changed diagram', () => {
  let siteDir: string;

  beforeAll(async () => {
    siteDir = await mkdtemp(path.join(tmpdir(), 'diagrams-'));
    await mkdir(path.join(siteDir, 'docs'), { recursive: true });
    await mkdir(path.join(siteDir, 'dogfood'));
    await mkdir(path.join(siteDir, DIAGRAMS_DIR), { recursive: true });
    await writeFile(
      path.join(siteDir, 'docs', 'page.md'),
      `# Page\n\n\`\`\`mermaid\n${CHART}\n\`\`\`\n`,
    );
    await writeFile(path.join(siteDir, DIAGRAMS_DIR, 'ffffffffffffffff-light.svg'), '<svg/>');
  });

  afterAll(async () => {
    await rm(siteDir, { recursive: true, force: true });
  });

  test('reports the diagram not drawn and the file no diagram needs', async () => {
    const diagrams = await findDiagrams(siteDir, '11.0.0');
    expect(diagrams).toEqual([
      { file: 'docs/page.md', line: 3, source: CHART, key: diagramKey(CHART, '11.0.0') },
    ]);
    expect(await compareDiagramFiles(siteDir, diagrams)).toEqual({
      missing: diagrams,
      orphans: ['ffffffffffffffff-light.svg'],
    });
  });
});

describe('remarkMermaidImages', () => {
  const version = mermaidVersion(PROJECT_DIR);

  function run(markdown: string): Root {
    const file = new VFile({
      value: markdown,
      path: path.join(PROJECT_DIR, 'docs', 'guide', 'page.md'),
    });
    const processor = unified().use(remarkParse).use(remarkMermaidImages, { siteDir: PROJECT_DIR });
    return processor.runSync(processor.parse(file), file) as Root;
  }

  test('puts the two drawings of a drawn diagram in its place, with its text alternative', async () => {
    const [drawn] = await findDiagrams(PROJECT_DIR, version);
    if (!drawn) throw new Error('the site has no diagram');
    const tree = run(`# Page\n\n\`\`\`mermaid\n${drawn.source}\n\`\`\`\n\nAfter.\n`);
    const block = tree.children[1];
    expect(block).toMatchObject({ type: 'paragraph', data: { hName: 'div' } });
    expect(block?.data?.hProperties?.className).toContain('mermaid-diagram');
    const alt = textAlternative(drawn.source);
    expect(block?.type === 'paragraph' ? block.children : []).toEqual([
      { type: 'image', url: `@site/docs/diagrams/${drawn.key}-light.svg#light`, alt },
      { type: 'image', url: `@site/docs/diagrams/${drawn.key}-dark.svg#dark`, alt },
    ]);
    // A decision chart is followed by its steps (next test); anything else by the text after it.
    const steps = flowchartSteps(drawn.source) === undefined ? 0 : 1;
    expect(tree.children[2 + steps]).toMatchObject({ type: 'paragraph' });
    expect(tree.children).toHaveLength(3 + steps);
  });

  test('follows a decision chart with its steps, which narrow screens show instead', async () => {
    const chart = (await findDiagrams(PROJECT_DIR, version)).find((diagram) =>
      diagram.file.includes('decision-chart'),
    );
    if (!chart) throw new Error('the guide has no decision chart');
    const tree = run(`# Page\n\n\`\`\`mermaid\n${chart.source}\n\`\`\`\n`);
    expect(tree.children[1]?.data?.hProperties?.className).toEqual([
      'mermaid-diagram',
      'mermaid-diagram--with-steps',
    ]);
    const steps = tree.children[2];
    expect(steps).toMatchObject({
      type: 'mermaidSteps',
      data: { hName: 'div', hProperties: { className: ['mermaid-steps'] } },
    });
    const text = JSON.stringify(steps);
    expect(text).toContain('Will the child only run another program?');
    expect(text).toContain('go to step 2.');
    expect(text).toContain('R-APP-FORK-SAFE-INTERFACE');
  });

  /** The line and message of the error `markdown` fails with. */
  function failure(markdown: string): { line?: number; message: string } {
    try {
      run(markdown);
    } catch (error) {
      return error as { line?: number; message: string };
    }
    throw new Error('no failure');
  }

  test('a diagram not drawn fails at its line and says what to run', () => {
    const { line, message } = failure(`# Page\n\n\`\`\`mermaid\n${CHART}\n\`\`\`\n`);
    expect(line).toBe(3);
    expect(message).toMatch(/not drawn for Mermaid .*run npm run diagrams/);
  });

  test('a diagram without accTitle fails at its line', () => {
    const { line, message } = failure('Text.\n\n```mermaid\nflowchart TD\n  a --> b\n```\n');
    expect(line).toBe(3);
    expect(message).toMatch(/accTitle/);
  });

  test('other code blocks stay code', () => {
    const tree = run('```c\nint main(void) { return 0; }\n```\n');
    expect(tree.children[0]).toMatchObject({ type: 'code', lang: 'c' });
  });
});

describe('drawing', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      args: [...CHROMIUM_ARGS],
    });
  });

  afterAll(async () => {
    await browser.close();
  });

  test('draws an SVG with its size in pixels, its title, and the dark scheme’s extra rules', async () => {
    const renderer = await openDiagramRenderer(browser, PROJECT_DIR);
    try {
      const light = await renderer.render(CHART, 'light', 'diagram-test');
      const dark = await renderer.render(CHART, 'dark', 'diagram-test');
      for (const svg of [light, dark]) {
        expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).toMatch(/ width="\d+"/);
        expect(svg).toMatch(/ height="\d+"/);
        expect(svg).not.toContain('width="100%"');
        expect(svg).toContain('<title id="chart-title-diagram-test">Two steps</title>');
        expect(svg).toContain('Second step');
        // Well-formed XML: an image that is not does not show at all.
        const page = await browser.newPage();
        try {
          const root = await page.evaluate(
            (text) =>
              new DOMParser().parseFromString(text, 'image/svg+xml').documentElement.nodeName,
            svg,
          );
          expect(root).toBe('svg');
        } finally {
          await page.close();
        }
      }
      expect(light).not.toContain('#f2f2f2');
      expect(dark).toContain('#diagram-test .edgeLabel');
    } finally {
      await renderer.close();
    }
  });
});
