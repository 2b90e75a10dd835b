import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluate } from '@mdx-js/mdx';
import React from 'react';
import * as runtime from 'react/jsx-runtime';
import { describe, expect, test } from 'vitest';
import remarkRecommendationProps from '../../src/remark/recommendation-props';
import { loadRegistry } from '../../src/lib/recommendations';
import {
  recommendationViews,
  shownClaim,
  shownRecommendation,
} from '../../src/lib/recommendations/view';
import type { ResultsFile } from '../../src/lib/examples';

const siteDir = path.resolve(import.meta.dirname, '../..');
const fileUrl = 'https://example.org/repo/blob/main/';

/** Compiles `source` as the site does and renders it with components that record their props. */
async function propsOf(source: string): Promise<Record<string, unknown>[]> {
  const { default: Content } = await evaluate(
    { value: source, path: path.join(siteDir, 'docs', 'guide', 'test-page.mdx') },
    { ...runtime, remarkPlugins: [[remarkRecommendationProps, { siteDir, fileUrl }]] },
  );
  const Recommendation = (): null => null;
  const Claim = (): null => null;
  // The content's element tree, without rendering it: the elements of the two components
  // carry the props the page gives them.
  const seen: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    if (!React.isValidElement(node)) return;
    const props = node.props as Record<string, unknown>;
    if (node.type === Recommendation || node.type === Claim) seen.push(props);
    else if (typeof node.type === 'function') walk((node.type as (p: unknown) => unknown)(props));
    walk(props.children);
  };
  walk(React.createElement(Content, { components: { Recommendation, Claim } }));
  return seen;
}

async function expectedViews() {
  const { registry } = await loadRegistry(siteDir);
  if (!registry) throw new Error('the registry does not load');
  const results = JSON.parse(
    await readFile(path.join(siteDir, 'examples', 'results.json'), 'utf8'),
  ) as ResultsFile;
  return recommendationViews(registry, results, fileUrl);
}

describe('remarkRecommendationProps', () => {
  test('gives each <Recommendation /> its registry view and each <Claim /> its measured claim', async () => {
    const views = await expectedViews();
    const recommendation = views.find((view) => view.id === 'R-APP-EXEC-NEEDS-NOTHING');
    const claim = views.flatMap((view) => view.claims)[0];
    expect(recommendation).toBeDefined();
    expect(claim).toBeDefined();
    const props = await propsOf(
      `# Page\n\n<Recommendation id="R-APP-EXEC-NEEDS-NOTHING" />\n\nText <Claim id="${claim?.id ?? ''}" /> more.\n`,
    );
    if (!recommendation || !claim) return;
    // The box leaves out the measurement of a claim the page prints in its text.
    expect(props).toEqual([
      {
        id: 'R-APP-EXEC-NEEDS-NOTHING',
        view: shownRecommendation(recommendation, new Set([claim.id])),
      },
      { id: claim.id, claim: shownClaim(claim) },
    ]);
    expect(recommendation.examples[0]?.url).toBe(
      `${fileUrl}examples/${recommendation.examples[0]?.name ?? ''}.c`,
    );
  });

  test('a page carries only what it cites', async () => {
    const props = await propsOf('<Recommendation id="R-APP-FORK-SERVER" />\n');
    expect(props).toHaveLength(1);
    expect(JSON.stringify(props)).not.toContain('R-APP-EXEC-NEEDS-NOTHING');
  });

  test('a prop written by hand is replaced, not duplicated', async () => {
    const props = await propsOf(
      '<Recommendation id="R-APP-FORK-SERVER" view={{ id: "forged" }} />\n',
    );
    expect((props[0]?.view as { id: string }).id).toBe('R-APP-FORK-SERVER');
  });

  test('an id the registry lacks fails at its line', async () => {
    const failure = await propsOf('# Page\n\n<Recommendation id="R-APP-NO-SUCH-THING" />\n').then(
      () => undefined,
      (error: unknown) => error as { line?: number; column?: number; message: string },
    );
    expect(failure?.message).toMatch(/R-APP-NO-SUCH-THING.*no such recommendation/);
    expect([failure?.line, failure?.column]).toEqual([3, 1]);
    await expect(propsOf('Text <Claim id="no-such-claim" />\n')).rejects.toThrow(
      /no-such-claim.*no such claim/,
    );
  });

  test('an id that is not a plain string fails', async () => {
    await expect(propsOf('<Recommendation id={"R-APP-FORK-SERVER"} />\n')).rejects.toThrow(
      /plain id="…" attribute/,
    );
  });

  test('pages without the components are left alone', async () => {
    expect(await propsOf('# Page\n\nNo recommendation here.\n')).toEqual([]);
  });
});
