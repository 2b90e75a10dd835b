/**
 * One guide page's Markdown as a bare Docusaurus site can render it, with the same text: front
 * matter kept, imports dropped, components replaced by their plain Markdown (components.ts),
 * example code filled in and errata notices added by the project's own remark plugins, links and
 * diagrams as a bare site can show them (links-and-diagrams.ts).
 *
 * Every page is written in MDX syntax, the bare site's default format (the project reads .md files
 * as CommonMark): the MDX serialiser escapes what MDX would misread, and a classic `{#id}` heading
 * id becomes the equivalent comment id `{/* #id *\/}`.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMarkdownHeadingId } from '@docusaurus/utils';
import type { Heading, Html, Parent, Root } from 'mdast';
import type { MdxTextExpression } from 'mdast-util-mdx';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import remarkErrataNotices from '../../../remark/errata-notices';
import remarkExampleRegions from '../../../remark/example-regions';
import { extractHeadings, splitFrontMatter } from '../../docs-headings';
import { InvalidInputError } from '../../errors';
import { replaceComponents } from './components';
import type { GuideData } from './data';
import { diagramImages, plainLinks, type Asset } from './links-and-diagrams';

export interface PlainPage {
  /** Relative to docs/guide/, e.g. `applications.mdx`. */
  file: string;
  markdown: string;
  assets: Asset[];
}

function parser(mdx: boolean) {
  const base = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm);
  return mdx ? base.use(remarkMdx) : base;
}

/**
 * Gives each heading the id Docusaurus gives it (the errata notices look for it), and turns a
 * classic `{#id}` suffix into an MDX comment id.
 */
function headingIds(tree: Root, source: string, mdx: boolean): void {
  const { body } = splitFrontMatter(source);
  const ids = new Map(extractHeadings(body, mdx ? 'mdx' : 'md').map((h) => [h.line, h.id]));
  visit(tree, 'heading', (heading: Heading) => {
    const id = ids.get(heading.position?.start.line ?? 0);
    if (id === undefined) return;
    heading.data = { ...heading.data, id } as Heading['data'];
    const last = heading.children.at(-1);
    if (mdx || last?.type !== 'text') return;
    const classic = parseMarkdownHeadingId(last.value, 'classic');
    if (classic.id === undefined) return;
    // The space Docusaurus's own MDX pages put before a comment id.
    last.value = `${classic.text} `;
    const comment: MdxTextExpression = { type: 'mdxTextExpression', value: `/* #${classic.id} */` };
    heading.children.push(comment);
  });
}

/** HTML comments of a CommonMark page are invisible there; MDX would read them as bad JSX. */
function dropHtmlComments(tree: Root, page: string): void {
  visit(tree, 'html', (node: Html, index, parent: Parent | undefined) => {
    if (parent === undefined || index === undefined) return undefined;
    if (!/^<!--[\s\S]*-->$/.test(node.value.trim()))
      throw new InvalidInputError(
        `${page}:${node.position?.start.line ?? 0}: raw HTML has no plain form`,
      );
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}

export async function plainPage(
  data: GuideData,
  file: string,
  guideFiles: ReadonlySet<string>,
): Promise<PlainPage> {
  const absolute = path.join(data.siteDir, 'docs', 'guide', file);
  const source = await readFile(absolute, 'utf8');
  const mdx = file.endsWith('.mdx');
  const page = `docs/guide/${file}`;
  const vfile = new VFile({ path: absolute, value: source });
  const tree = parser(mdx).parse(vfile);
  headingIds(tree, source, mdx);
  dropHtmlComments(tree, page);
  const assets = diagramImages(tree, data.siteDir, page);
  remarkExampleRegions({
    examplesDir: path.join(data.siteDir, 'examples'),
    fileUrl: (relative) => `${data.fileUrl}${relative}`,
  })(tree, vfile);
  await remarkErrataNotices({ siteDir: data.siteDir })(tree, vfile);
  replaceComponents(tree, data, page);
  plainLinks(tree, guideFiles);
  const markdown = unified()
    .use(remarkFrontmatter)
    .use(remarkGfm)
    .use(remarkMdx)
    .use(remarkStringify)
    .stringify(tree);
  return { file, markdown, assets };
}
