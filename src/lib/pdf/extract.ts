/**
 * Runs in the browser, on one built page: copies the page's content with everything a reader of
 * paper needs opened up (details, tabs), site controls removed, ids made unique per chapter,
 * links to pages in the PDF turned into jumps inside it, and other site links made absolute to
 * the public site. Each step is a function of its own; `extractContent` carries them all into
 * the page.
 */
export interface ExtractArgs {
  /** Prefix for this chapter's ids, e.g. `p3-`. */
  prefix: string;
  /** Site paths (with base URL, no trailing slash) of the pages in the PDF, and their prefixes. */
  included: { path: string; prefix: string }[];
  /** The site's base URL, e.g. `/`. */
  baseUrl: string;
  /** Public site URL with base URL and trailing slash, for links to pages not in the PDF. */
  publicSite: string;
  /** Headings are moved down by this many levels (the errata records inside the appendix). */
  demote: number;
  /** The chapter's number ("3", "A"): the h1 gets it, each h2 gets `<chapter>.<n>`. */
  chapter: string;
  /** h2 headings the chapter already has (pages appended to a chapter continue its count). */
  sectionOffset: number;
}

export interface ExtractedHeading {
  level: 1 | 2;
  number: string;
  title: string;
  id: string;
}

export interface Extracted {
  html: string;
  /** The h1 and h2 headings after demotion, numbered, in order. */
  headings: ExtractedHeading[];
}

/** Opens what paper cannot open (details, hidden tab panels) and removes the site's controls. */
function openForPaper(root: HTMLElement): void {
  root.querySelectorAll('details').forEach((d) => {
    d.setAttribute('open', '');
  });
  root.querySelectorAll('[role="tabpanel"][hidden]').forEach((panel) => {
    panel.removeAttribute('hidden');
  });
  root
    .querySelectorAll('button, .hash-link, .pdf-download, nav.pagination-nav, .theme-doc-footer')
    .forEach((el) => {
      el.remove();
    });
}

/** Headings `levels` down (inside the appendix); h6 stays h6. */
function demoteHeadings(root: HTMLElement, levels: number): void {
  root.querySelectorAll('h1, h2, h3, h4, h5').forEach((h) => {
    const level = Math.min(6, Number(h.tagName[1]) + levels);
    const replacement = document.createElement(`h${level}`);
    for (const attr of Array.from(h.attributes)) replacement.setAttribute(attr.name, attr.value);
    replacement.innerHTML = h.innerHTML;
    h.replaceWith(replacement);
  });
}

/** Ids unique per chapter; ids inside an SVG are left alone (the diagram's <style> selects by them). */
function prefixIds(root: HTMLElement, prefix: string): void {
  root.querySelectorAll('[id]').forEach((el) => {
    if (!el.closest('svg')) el.id = `${prefix}${el.id}`;
  });
  // Headings without an id (a page title) get one, so the contents can point at them.
  root.querySelectorAll('h1, h2').forEach((h, index) => {
    if (!h.id) h.id = `${prefix}h-${index}`;
  });
}

/** Links within the page and to pages in the PDF become jumps; other site links, public URLs. */
function rewriteLinks(root: HTMLElement, args: ExtractArgs): void {
  const trim = (path: string): string => path.replace(/\/+$/, '') || '/';
  const here = trim(location.pathname);
  root.querySelectorAll('a[href]').forEach((a) => {
    let url: URL;
    try {
      url = new URL(a.getAttribute('href') ?? '', location.href);
    } catch {
      return;
    }
    if (url.origin !== location.origin) return;
    const hash = (): string => decodeURIComponent(url.hash.slice(1));
    if (url.pathname === here || trim(url.pathname) === here) {
      if (url.hash) a.setAttribute('href', `#${args.prefix}${hash()}`);
      return;
    }
    const target = args.included.find((page) => page.path === trim(url.pathname));
    if (target) {
      a.setAttribute('href', url.hash ? `#${target.prefix}${hash()}` : `#${target.prefix}top`);
    } else {
      const below = url.pathname.startsWith(args.baseUrl)
        ? url.pathname.slice(args.baseUrl.length)
        : url.pathname.replace(/^\//, '');
      a.setAttribute('href', `${args.publicSite}${below}${url.search}${url.hash}`);
    }
  });
}

/**
 * A diagram is printed in its light colours (src/remark/mermaid-images draws one per scheme).
 * Images keep working from the print document's base URL, and load at once: the print document
 * is printed when its network is idle, not when one scrolls to them.
 */
function prepareImages(root: HTMLElement): void {
  root.querySelectorAll('.mermaid-diagram img[src$="#dark"]').forEach((img) => {
    img.remove();
  });
  root.querySelectorAll('img[src]').forEach((img) => {
    img.removeAttribute('loading');
    img.setAttribute('src', new URL(img.getAttribute('src') ?? '', location.href).href);
  });
}

/** Numbers the h1 (the chapter) and each h2 (`<chapter>.<n>`), in the text and the list. */
function numberHeadings(root: HTMLElement, args: ExtractArgs): ExtractedHeading[] {
  const headings: ExtractedHeading[] = [];
  let sections = args.sectionOffset;
  root.querySelectorAll('h1, h2').forEach((h) => {
    const level = h.tagName === 'H1' ? 1 : 2;
    const number = level === 1 ? args.chapter : `${args.chapter}.${++sections}`;
    const title = h.textContent.trim().replace(/\s+/g, ' ');
    const label = document.createElement('span');
    label.className = 'heading-num';
    label.textContent = `${number} `;
    h.prepend(label);
    headings.push({ level, number, title, id: h.id });
  });
  return headings;
}

/** Runs in the page, after the steps above were defined there: see `extractContent`. */
function extractInPage(args: ExtractArgs): Extracted {
  const source =
    document.querySelector('.theme-doc-markdown') ??
    document.querySelector('main article') ??
    document.querySelector('main');
  if (!source) throw new Error(`no content on ${location.pathname}`);
  const root = source.cloneNode(true) as HTMLElement;
  openForPaper(root);
  if (args.demote > 0) demoteHeadings(root, args.demote);
  prefixIds(root, args.prefix);
  rewriteLinks(root, args);
  prepareImages(root);
  const headings = numberHeadings(root, args);
  return { html: root.innerHTML, headings };
}

/** The steps, in the order their sources are sent to the page. */
const IN_PAGE = [
  openForPaper,
  demoteHeadings,
  prefixIds,
  rewriteLinks,
  prepareImages,
  numberHeadings,
  extractInPage,
];

/**
 * The current page's content, ready for print: `page.evaluate(extractContent, args)`.
 * Playwright sends a function to the page as its source text (`String(fn)`), which for a function
 * that calls others would lack them; this function's source text is every step's, then the call.
 */
export const extractContent = Object.assign((args: ExtractArgs): Extracted => extractInPage(args), {
  toString: (): string =>
    `(args) => {\n${IN_PAGE.map(String).join('\n')}\nreturn extractInPage(args);\n}`,
});
