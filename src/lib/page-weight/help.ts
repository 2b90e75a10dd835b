/**
 * The --help text and parseArgs options of `npm run page-weight`, kept beside the library it
 * describes.
 */
import { BARE_DOCS_PAGE, JS_BUDGET_BYTES } from '../bench/budgets';

export const PAGE_WEIGHT_HELP = `Usage: npm run page-weight -- [--dir <build>] [--format text|json] [pages...]
       npm run page-weight -- --bare

Loads pages of the built site (default build/, served at SITE_BASE_URL with gzip) in Debian's
Chromium, mobile viewport, waits until they have hydrated, and counts the JavaScript they loaded
as sent (gzip bodies, no headers; prefetches of linked pages not counted). Pages are site paths
such as guide/applications; default: every page of the sitemap. Each is held to the budget:
the bare Docusaurus ${BARE_DOCS_PAGE.docusaurus} docs page's ${BARE_DOCS_PAGE.jsBytes} bytes + 15 000 = ${JS_BUDGET_BYTES} bytes.

  --bare         build a bare Docusaurus classic site of the installed version in a temporary
                 folder and measure its ${BARE_DOCS_PAGE.page} page: the budget's baseline
  --dir <build>  the built site to measure (default build)
  --format <f>   text (default) or json

Exit codes: 0 every page within the budget (or --bare measured), 1 a page over it or the build
failed, 2 usage or set-up error (no build, no Chromium).
`;

/** The parseArgs options of `npm run page-weight`, as its help text lists them. */
export const PAGE_WEIGHT_OPTIONS = {
  bare: { type: 'boolean' },
  dir: { type: 'string', default: 'build' },
  format: { type: 'string' },
} as const;
