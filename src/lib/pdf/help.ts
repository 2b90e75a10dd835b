/** The --help text of `npm run pdf`, kept beside the library it describes. */

export const PDF_HELP = `Usage: npm run pdf [-- --build-dir <folder>] [--quiet]

Renders the guide's pages in sidebar order, with the errata as an appendix, from the built site
(default build/) into <build-dir>/pkcs11-fork-guide.pdf: cover, numbered contents with page
numbers, bookmarks, tagged PDF, running header and footer, document metadata. Needs Debian's
chromium (or CHROMIUM_PATH), qpdf and poppler-utils (scripts/setup.sh installs them).

Environment: SITE_URL, SITE_BASE_URL (see src/config.ts): links to pages not in the PDF point at
the public site.
Exit codes: 0 rendered, 2 usage or set-up error (no built site, no browser, no qpdf).
`;
