/**
 * The chapters of the print document: each guide page in sidebar order as a numbered chapter,
 * then the errata index as appendix A with every record appended to it as its sections.
 */
import type { Page } from '@playwright/test';

import type { Chapter } from './document';
import { extractContent, type ExtractArgs, type Extracted } from './extract';
import { navigate } from './site-navigation';

export interface ChapterSources {
  /** The guide's routes in sidebar order. */
  guide: string[];
  /** The appendix: the errata index, then each record's route. */
  appendix: string[];
  baseUrl: string;
  publicSite: string;
  log: (line: string) => void;
}

function sectionsOf(extracted: Extracted): Chapter['sections'] {
  return extracted.headings
    .filter((h) => h.level === 2)
    .map((h) => ({ number: h.number, title: h.title, anchor: h.id }));
}

function chapterOf(route: string, index: number, number: string, extracted: Extracted): Chapter {
  const h1 = extracted.headings.find((h) => h.level === 1);
  return {
    route,
    number,
    title: h1?.title ?? route,
    anchor: h1?.id ?? `p${index}-top`,
    sections: sectionsOf(extracted),
    html: `<div id="p${index}-top"></div>${extracted.html}`,
  };
}

/**
 * One page load, then the site's own client-side navigation from route to route: the app
 * hydrates once instead of once per page.
 */
export async function collectChapters(page: Page, sources: ChapterSources): Promise<Chapter[]> {
  const { guide } = sources;
  const routes = [...guide, ...sources.appendix];
  const included = routes.map((route, index) => ({ path: route, prefix: `p${index}-` }));
  const extract = async (index: number, sectionOffset: number): Promise<Extracted> => {
    const route = routes[index] ?? '';
    const args: ExtractArgs = {
      prefix: `p${index}-`,
      included,
      baseUrl: sources.baseUrl,
      publicSite: sources.publicSite,
      demote: index > guide.length ? 1 : 0,
      chapter: index >= guide.length ? 'A' : String(index + 1),
      sectionOffset,
    };
    sources.log(`  ${route}`);
    await navigate(page, route);
    return page.evaluate(extractContent, args);
  };
  const chapters: Chapter[] = [];
  for (let index = 0; index < guide.length; index++)
    chapters.push(
      chapterOf(routes[index] ?? '', index, String(index + 1), await extract(index, 0)),
    );
  const appendixIndex = guide.length;
  const appendix = chapterOf(
    routes[appendixIndex] ?? '',
    appendixIndex,
    'A',
    await extract(appendixIndex, 0),
  );
  chapters.push(appendix);
  for (let index = appendixIndex + 1; index < routes.length; index++) {
    const record = await extract(index, appendix.sections.length);
    appendix.sections.push(...sectionsOf(record));
    appendix.html += `\n<div id="p${index}-top"></div>${record.html}`;
  }
  return chapters;
}
