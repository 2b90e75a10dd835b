/** The --help text of `npm run build`, kept beside the library it describes. */

export const BUILD_HELP = `Usage: npm run build [-- --out-dir <folder>] [--no-pdf]

Builds the site into build/ (or --out-dir), then renders build/pkcs11-fork-guide.pdf from it
(--no-pdf skips that; npm run pdf renders it alone). The build fails on any broken link, broken
anchor or broken Markdown link; each is listed with the source file that holds it and its target.

Environment: SITE_URL, SITE_BASE_URL, GITHUB_REPOSITORY (see src/config.ts).
Exit codes: 0 built, 1 the build failed, 2 usage error.
`;
