/**
 * remark plugin: puts a notice under each heading an erratum's `anchor` names, with the
 * erratum's id, status, title and summary and links to its page and to the reporting route.
 *
 * The notice is built from plain mdast nodes (text, strong, links): record text enters the page
 * as text, never as HTML or JSX. Rejected errata get a quiet notice; every status gets one.
 */
import path from 'node:path';
import type { BlockContent, Heading, Paragraph, PhrasingContent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { collectDocsHeadings } from '../../lib/docs-headings';
import {
  errataPaths,
  loadErrataSet,
  STATUS_LABELS,
  validRecords,
  type Erratum,
} from '../../lib/errata';

export interface Options {
  /** The site folder (with `errata/` and `docs/`). Required. */
  siteDir: string;
  /** Route of the errata pages. Default `/errata`. */
  errataRoute?: string;
}

interface Notices {
  /** Source file (relative to the site, POSIX) → heading id → errata anchored there. */
  byFile: Map<string, Map<string, Erratum[]>>;
}

// Loaded once per process: restart `npm start` to see an edited record's notice change.
const cache = new Map<string, Promise<Notices>>();

async function loadNotices(siteDir: string): Promise<Notices> {
  const records = validRecords(await loadErrataSet(errataPaths(siteDir)));
  const pages = await collectDocsHeadings(siteDir);
  const fileOfRoute = new Map(pages.map((page) => [page.route, page.file]));
  const byFile = new Map<string, Map<string, Erratum[]>>();
  for (const record of records) {
    const [route = '', headingId = ''] = record.anchor.split('#');
    const file = fileOfRoute.get(route);
    if (file === undefined) continue; // `errata validate` reports anchors that point nowhere.
    const headings = byFile.get(file) ?? new Map<string, Erratum[]>();
    headings.set(headingId, [...(headings.get(headingId) ?? []), record]);
    byFile.set(file, headings);
  }
  return { byFile };
}

/** The first paragraph of a record's Markdown summary, as plain text. */
function firstParagraphText(markdown: string): string {
  const tree = unified().use(remarkParse).parse(markdown);
  const first = tree.children.find((node) => node.type === 'paragraph');
  return first === undefined ? '' : toString(first);
}

function notice(record: Erratum, errataRoute: string): BlockContent {
  const permalink = `${errataRoute.replace(/\/$/, '')}/${record.id}`;
  const heading: PhrasingContent[] = [
    { type: 'strong', children: [{ type: 'text', value: `Erratum ${record.id}` }] },
    { type: 'text', value: ` (${STATUS_LABELS[record.status].toLowerCase()}): ${record.title}` },
  ];
  const summary = firstParagraphText(record.summary);
  const links: Paragraph = {
    type: 'paragraph',
    children: [
      { type: 'link', url: permalink, children: [{ type: 'text', value: `Read ${record.id}` }] },
      { type: 'text', value: ' · ' },
      {
        type: 'link',
        url: `${errataRoute.replace(/\/$/, '')}#report`,
        children: [{ type: 'text', value: 'Report an erratum' }],
      },
    ],
  };
  return {
    type: 'blockquote',
    data: {
      hName: 'aside',
      hProperties: {
        className: ['erratum-notice', `erratum-notice--${record.status}`],
        'aria-label': `Erratum ${record.id}`,
      },
    },
    children: [
      { type: 'paragraph', children: heading },
      ...(summary === ''
        ? []
        : [
            { type: 'paragraph', children: [{ type: 'text', value: summary }] } satisfies Paragraph,
          ]),
      links,
    ],
  };
}

export default function remarkErrataNotices(
  options: Options,
): (tree: Root, file: VFile) => Promise<void> {
  if (!path.isAbsolute(options.siteDir)) {
    throw new Error(`remarkErrataNotices: siteDir must be absolute; got ${options.siteDir}`);
  }
  const errataRoute = options.errataRoute ?? '/errata';
  return async (tree: Root, file: VFile) => {
    let loading = cache.get(options.siteDir);
    if (loading === undefined) {
      loading = loadNotices(options.siteDir);
      cache.set(options.siteDir, loading);
    }
    const { byFile } = await loading;
    const source = path.relative(options.siteDir, file.path).split(path.sep).join('/');
    const headings = byFile.get(source);
    if (headings === undefined) return;
    visit(tree, 'heading', (node: Heading, index, parent) => {
      const id = (node.data as { id?: unknown } | undefined)?.id ?? node.data?.hProperties?.id;
      if (typeof id !== 'string' || parent === undefined || index === undefined) return;
      const records = headings.get(id);
      if (records === undefined) return;
      parent.children.splice(index + 1, 0, ...records.map((record) => notice(record, errataRoute)));
      return index + 1 + records.length;
    });
  };
}
