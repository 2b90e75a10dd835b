/**
 * bench:site's page plan (src/lib/bench/site/plan.ts): which pages are paired, which guide pages
 * --pages accepts, and the order in which Lighthouse visits them in a run.
 */
import { describe, expect, test } from 'vitest';
import { InvalidInputError } from '../../src/lib/errors';
import { BARE_DOCS_PAGE } from '../../src/lib/bench/budgets';
import { chooseGuidePages, pagePlan, visitOrder } from '../../src/lib/bench/site/plan';

const GUIDE = ['guide/', 'guide/applications', 'guide/module-implementers', 'guide/wrappers'];

describe('pagePlan', () => {
  test('pairs home with home, every guide page with the bare docs page, errata with the blog', () => {
    const plan = pagePlan(GUIDE.slice(0, 2));
    expect(plan.map((pair) => [pair.key, pair.project, pair.bare])).toEqual([
      ['home', '', ''],
      ['guide', 'guide/', BARE_DOCS_PAGE.page],
      ['guide', 'guide/applications', BARE_DOCS_PAGE.page],
      ['errata', 'errata/', 'blog'],
    ]);
    // Each guide page, and only a guide page, also has its plain rendering in the plain site.
    expect(plan.map((pair) => pair.plain)).toEqual([
      undefined,
      'docs/guide/',
      'docs/guide/applications',
      undefined,
    ]);
    expect(plan[2]?.label).toBe('/guide/applications');
  });

  test('without the plain rendering (--no-plain) no page has one, and none is visited', () => {
    const plan = pagePlan(GUIDE.slice(0, 2), false);
    expect(plan.map((pair) => pair.plain)).toEqual([undefined, undefined, undefined, undefined]);
    expect(visitOrder(plan).filter((visit) => visit.site === 'plain')).toEqual([]);
  });
});

describe('chooseGuidePages', () => {
  test('takes every guide page when --pages is not given', () => {
    expect(chooseGuidePages(GUIDE)).toEqual(GUIDE);
  });

  test('accepts site paths with or without a leading slash and spaces after commas', () => {
    expect(chooseGuidePages(GUIDE, '/guide/applications, guide/')).toEqual([
      'guide/applications',
      'guide/',
    ]);
  });

  test('names the pages the sitemap lacks, with an example of a good value', () => {
    expect(() => chooseGuidePages(GUIDE, 'guide/applications,guide/nope')).toThrow(
      new InvalidInputError(
        '--pages guide/applications,guide/nope: not guide pages of the sitemap: guide/nope; e.g. --pages guide/applications,guide/',
      ),
    );
    expect(() => chooseGuidePages([], undefined)).toThrow(/\(none given\)/);
  });
});

describe('visitOrder', () => {
  const visits = visitOrder(pagePlan(GUIDE));
  const visitsIn = (formFactor: string) =>
    visits
      .filter((visit) => visit.formFactor === formFactor)
      .map((visit) => `${visit.site === 'plain' ? 'plain' : visit.site[0]}:${visit.sitePath}`);

  test('visits each distinct page once per form factor, mobile first', () => {
    // 6 project pages, 3 distinct bare pages (home, docs/intro, blog) and 4 plain guide pages,
    // in both form factors.
    expect(visits).toHaveLength(26);
    expect(visits.slice(0, 13).every((visit) => visit.formFactor === 'mobile')).toBe(true);
  });

  test('spreads the bare pages evenly among the project pages, each plain page after its own', () => {
    expect(visitsIn('mobile')).toEqual([
      'b:',
      'p:',
      'p:guide/',
      'plain:docs/guide/',
      `b:${BARE_DOCS_PAGE.page}`,
      'p:guide/applications',
      'plain:docs/guide/applications',
      'p:guide/module-implementers',
      'plain:docs/guide/module-implementers',
      'b:blog',
      'p:guide/wrappers',
      'plain:docs/guide/wrappers',
      'p:errata/',
    ]);
    expect(visitsIn('desktop')).toEqual(visitsIn('mobile'));
  });
});
