/**
 * The print document: a cover, a numbered table of contents, the guide's pages as chapters in
 * sidebar order, and the errata as an appendix. Pure string building: the browser-side
 * extraction (extract.ts) supplies each chapter's HTML, already with unique ids and links that
 * stay inside the PDF.
 */

export interface Chapter {
  /** Route of the page it came from, e.g. `/guide/applications`. */
  route: string;
  /** "1", "2", … or "A" for the appendix. */
  number: string;
  title: string;
  /** Anchor of the chapter start in the print document. */
  anchor: string;
  /** Second-level headings, numbered "1.1", "1.2", … */
  sections: { number: string; title: string; anchor: string }[];
  html: string;
}

export interface Cover {
  title: string;
  subtitle: string;
  version: string;
  date: string;
  commit: string;
  status: string;
  publicUrl: string;
}

/** Width-stable placeholder for a page number on the first pass. */
export const PAGE_PLACEHOLDER = '000';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function tocEntry(number: string, title: string, anchor: string, level: number): string {
  return `<li class="toc-l${level}"><a href="#${anchor}" data-toc-target="${anchor}"><span class="toc-num">${escapeHtml(number)}</span><span class="toc-title">${escapeHtml(title)}</span><span class="toc-page">${PAGE_PLACEHOLDER}</span></a></li>`;
}

export function printDocument(options: {
  cover: Cover;
  chapters: Chapter[];
  stylesheets: string[];
  lang: string;
}): string {
  const { cover, chapters } = options;
  const toc = chapters
    .map(
      (c) =>
        tocEntry(c.number, c.title, c.anchor, 1) +
        c.sections.map((s) => tocEntry(s.number, s.title, s.anchor, 2)).join(''),
    )
    .join('\n');
  const body = chapters
    .map(
      (c) =>
        `<section class="print-chapter" data-route="${escapeHtml(c.route)}"><div id="${c.anchor}"></div>\n${c.html}\n</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(cover.title)}</title>
${options.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('\n')}
<style>${PRINT_CSS}</style>
</head>
<body class="print-document">
<section class="print-cover">
<p class="cover-title">${escapeHtml(cover.title)}</p>
<p class="cover-subtitle">${escapeHtml(cover.subtitle)}</p>
<dl class="cover-facts">
<dt>Version</dt><dd>${escapeHtml(cover.version)}</dd>
<dt>Date</dt><dd>${escapeHtml(cover.date)}</dd>
<dt>Commit</dt><dd><code>${escapeHtml(cover.commit)}</code></dd>
<dt>Online</dt><dd><a href="${escapeHtml(cover.publicUrl)}">${escapeHtml(cover.publicUrl)}</a></dd>
</dl>
<p class="cover-status"><strong>Status:</strong> ${escapeHtml(cover.status)}</p>
</section>
<nav class="print-toc" aria-labelledby="contents"><h1 id="contents">Contents</h1><ol>
${toc}
</ol></nav>
${body}
</body>
</html>`;
}

/** Print rules on top of the site's own CSS. */
export const PRINT_CSS = `
@page { size: A4; margin: 22mm 16mm 20mm 16mm; }
html { font-size: 10.5pt; }
body.print-document { background: #fff; color: #000; }
.print-cover { break-after: page; padding-top: 30mm; }
.cover-title { font-size: 24pt; font-weight: 700; margin-bottom: 4mm; }
.cover-subtitle { font-size: 14pt; margin-bottom: 14mm; }
.cover-facts { display: grid; grid-template-columns: 30mm auto; row-gap: 2mm; }
.cover-facts dt { font-weight: 700; }
.cover-facts dd { margin: 0; }
.cover-status { margin-top: 14mm; border-left: 3px solid #1a56a8; padding-left: 4mm; }
.print-toc { break-after: page; }
.print-toc ol { list-style: none; padding: 0; }
.print-toc a { display: flex; color: inherit; text-decoration: none; }
.print-toc .toc-l1 { font-weight: 700; margin-top: 2.5mm; }
.print-toc .toc-l2 { padding-left: 8mm; }
.toc-num { min-width: 10mm; }
.toc-title { flex: 1; border-bottom: 1px dotted #888; margin-right: 2mm; }
.toc-page { min-width: 8mm; text-align: right; font-variant-numeric: tabular-nums; }
.print-chapter { break-before: page; }
h1, h2, h3, h4 { break-after: avoid; break-inside: avoid; }
p, li, tr { orphans: 3; widows: 3; }
pre, pre code, .token-line { white-space: pre-wrap !important; overflow-wrap: anywhere; }
pre { overflow: visible !important; max-height: none !important; }
.theme-code-block { break-inside: avoid-page; }
table { display: table !important; width: 100%; table-layout: auto; font-size: 7.5pt !important; overflow: visible !important; }
th, td { overflow-wrap: anywhere; white-space: normal !important; padding: 2px 4px !important; }
table code, table [class*='detail'] { white-space: normal !important; overflow-wrap: anywhere; }
[role='region'] { overflow: visible !important; }
a { color: #123c76; }
button, .hash-link, .pdf-download, .theme-edit-this-page, .clean-btn { display: none !important; }
details > summary { list-style: none; font-weight: 700; }
svg { max-width: 100%; height: auto; }
/* A diagram is one picture: it cannot break across pages, so it is scaled to fit one. */
.mermaid-diagram { break-inside: avoid; text-align: center; }
.mermaid-diagram img { width: auto !important; height: auto !important; max-width: 100% !important; max-height: 200mm !important; }
`;
