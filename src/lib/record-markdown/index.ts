/**
 * Renders Markdown that comes from outside (erratum records, mail, GitHub) into a sanitised hast
 * tree. The text is data: it is never compiled as MDX, raw HTML in it is dropped, and the
 * sanitiser keeps only GitHub's safe subset of elements and attributes, with links limited to
 * http, https and mailto. The site turns the tree into React elements; nothing is injected as HTML.
 */
import type { Root } from 'hast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** GitHub's schema, minus images (a record has no business loading remote images) and ids. */
export const RECORD_SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter(
    (tag) => !['img', 'picture', 'source', 'input'].includes(tag),
  ),
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
  clobberPrefix: 'record-',
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  // allowDangerousHtml stays false: raw HTML in the source never reaches the tree.
  .use(remarkRehype)
  .use(rehypeSanitize, RECORD_SANITIZE_SCHEMA);

/** Markdown text → sanitised hast root, plain JSON (safe to pass to the client). */
export function renderRecordMarkdown(markdown: string): Root {
  const tree = processor.runSync(processor.parse(markdown));
  // Drop unist positions: they are noise in the page data and could reveal nothing useful.
  return JSON.parse(
    JSON.stringify(tree, (key, value: unknown) => (key === 'position' ? undefined : value)),
  ) as Root;
}
