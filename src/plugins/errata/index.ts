/**
 * Docusaurus plugin: the errata pages. It validates every record with the errata library (an
 * invalid record fails the build with its file, line and field), then adds the index at
 * /errata, one page per erratum at /errata/E-NNNN, and the JSON feed /errata.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadContext, Plugin, PluginContentLoadedActions } from '@docusaurus/types';
import { normalizeUrl } from '@docusaurus/utils';
import {
  byId,
  errataPaths,
  validateErrata,
  validRecords,
  LOG_COLUMNS,
  logCsv,
  logRows,
  STATUS_LABELS,
  STATUSES,
  TYPES,
  type Erratum,
} from '../../lib/errata';
import { formatFindingText } from '../../lib/findings';
import { buildAtomFeed } from './atom';
import { buildErrataFeed } from './feed';
import { summariseErratum, viewErratum, type ErrataIndexData, type ErratumSummary } from './view';

export interface PluginOptions {
  /** Folder of the records, relative to the site. Default `errata`. */
  errataDir?: string;
  /** Route of the index, below the base URL. Default `errata`. */
  routeBasePath?: string;
  /** Plugin instance id; a second instance (the dogfood fixtures) needs its own. */
  id?: string;
  /** Keep the pages out of search engines and the sitemap (fixtures). Default false. */
  noIndex?: boolean;
  /** Write /errata.json, /errata.atom and the CSV log. Default true; one instance only. */
  feeds?: boolean;
  /** Public origin of the site (no path), for absolute links in the feed. */
  origin: string;
}

interface Content {
  records: Erratum[];
}

/** Checks the options given in docusaurus.config.ts; a mistake names the option and its fix. */
function readOptions(options: unknown): PluginOptions {
  const given = (options ?? {}) as Partial<Record<keyof PluginOptions, unknown>>;
  if (typeof given.origin !== 'string' || !/^https?:\/\/[^/]+$/.test(given.origin)) {
    throw new Error(
      `errata plugin: origin must be the site's origin without a path, e.g. { origin: 'https://example.org' }; got ${JSON.stringify(given.origin)}`,
    );
  }
  for (const key of ['noIndex', 'feeds'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean') {
      throw new Error(`errata plugin: ${key} must be true or false`);
    }
  }
  for (const key of ['errataDir', 'routeBasePath', 'id'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'string') {
      throw new Error(`errata plugin: ${key} must be a folder or route as text`);
    }
  }
  return given as PluginOptions;
}

/** Where the errata pages live, and what every page needs besides its data. */
interface Site {
  context: LoadContext;
  options: PluginOptions;
  routeBasePath: string;
  /** Route of the index, with the base URL. */
  indexPath: string;
  permalink: (id: string) => string;
  pageProps: { indexRoute: string; noIndex: boolean; feeds: boolean };
}

function siteOf(context: LoadContext, options: PluginOptions): Site {
  const routeBasePath = options.routeBasePath ?? 'errata';
  const indexPath = normalizeUrl([context.baseUrl, routeBasePath]);
  return {
    context,
    options,
    routeBasePath,
    indexPath,
    permalink: (id) => normalizeUrl([indexPath, id]),
    pageProps: {
      indexRoute: normalizeUrl(['/', routeBasePath]),
      noIndex: options.noIndex ?? false,
      feeds: options.feeds ?? true,
    },
  };
}

/** The index, the resolution log and one page per erratum. */
async function addPages(
  records: readonly Erratum[],
  actions: PluginContentLoadedActions,
  site: Site,
): Promise<void> {
  const { indexPath, permalink, pageProps } = site;
  const indexData: ErrataIndexData = {
    errata: records.map((record): ErratumSummary => summariseErratum(record, permalink(record.id))),
    statuses: STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] })),
    types: [...TYPES],
  };
  const index = await actions.createData('errata-index.json', JSON.stringify(indexData));
  actions.addRoute({
    path: indexPath,
    component: '@site/src/components/errata/ErrataIndexPage',
    modules: { errata: index },
    props: pageProps,
    exact: true,
  });
  const log = await actions.createData(
    'resolution-log.json',
    JSON.stringify({ columns: LOG_COLUMNS, rows: logRows(records) }),
  );
  actions.addRoute({
    path: normalizeUrl([indexPath, 'resolution-log']),
    component: '@site/src/components/errata/ResolutionLogPage',
    modules: { log },
    props: pageProps,
    exact: true,
  });
  for (const record of records) {
    const data = await actions.createData(
      `${record.id}.json`,
      JSON.stringify(viewErratum(record, permalink(record.id))),
    );
    actions.addRoute({
      path: permalink(record.id),
      component: '@site/src/components/errata/ErratumPage',
      modules: { erratum: data },
      props: pageProps,
      exact: true,
    });
  }
}

/** /errata.json, /errata.atom and the resolution log as CSV, with absolute links. */
async function writeFeeds(records: readonly Erratum[], outDir: string, site: Site): Promise<void> {
  const { context, options, routeBasePath, indexPath, permalink } = site;
  const absolute = (route: string): string =>
    `${options.origin}${normalizeUrl([context.baseUrl, route])}`;
  const absolutePermalink = (id: string): string => `${options.origin}${permalink(id)}`;
  const feed = buildErrataFeed(records, {
    schemaUrl: absolute('schemas/erratum.schema.json'),
    permalink: absolutePermalink,
  });
  const atom = buildAtomFeed(records, {
    feedUrl: absolute('errata.atom'),
    indexUrl: `${options.origin}${indexPath}`,
    permalink: absolutePermalink,
  });
  await mkdir(path.join(outDir, routeBasePath), { recursive: true });
  await writeFile(path.join(outDir, 'errata.json'), `${JSON.stringify(feed, null, 2)}\n`);
  await writeFile(path.join(outDir, 'errata.atom'), atom);
  await writeFile(path.join(outDir, routeBasePath, 'resolution-log.csv'), logCsv(records));
}

export default function pluginErrata(context: LoadContext, rawOptions: unknown): Plugin<Content> {
  const options = readOptions(rawOptions);
  const errataDir = path.resolve(context.siteDir, options.errataDir ?? 'errata');
  const site = siteOf(context, options);
  return {
    name: 'errata',

    getPathsToWatch: () => [path.join(errataDir, '*.yaml')],

    async loadContent() {
      const result = await validateErrata(errataPaths(context.siteDir, errataDir));
      if (result.findings.length > 0) {
        throw new Error(
          `The errata records have ${result.findings.length} problem(s); run npm run errata -- validate:\n${result.findings.map(formatFindingText).join('\n')}`,
        );
      }
      return { records: validRecords(result.set).sort(byId) };
    },

    contentLoaded: ({ content, actions }) => addPages(content.records, actions, site),

    async postBuild({ content, outDir }) {
      if (options.feeds !== false) await writeFeeds(content.records, outDir, site);
    },
  };
}
