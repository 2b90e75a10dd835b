/**
 * `npm run pdf`: renders the guide from the built site into build/pkcs11-fork-guide.pdf
 * (src/lib/pdf). `npm run build` runs it after the Docusaurus build.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { EXIT_OK, runCli } from '../src/lib/cli';
import { describePdf, renderGuidePdf } from '../src/lib/pdf';

const HELP = `Usage: npm run pdf [-- --build-dir <folder>] [--quiet]

Renders the guide's pages in sidebar order, with the errata as an appendix, from the built site
(default build/) into <build-dir>/pkcs11-fork-guide.pdf: cover, numbered contents with page
numbers, bookmarks, tagged PDF, running header and footer, document metadata. Needs Debian's
chromium (or CHROMIUM_PATH), qpdf and poppler-utils (scripts/setup.sh installs them).

Environment: SITE_URL, SITE_BASE_URL (see src/config.ts): links to pages not in the PDF point at
the public site.
Exit codes: 0 rendered, 2 usage or set-up error (no built site, no browser, no qpdf).
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { 'build-dir': { type: 'string' }, quiet: { type: 'boolean' } },
  });
  const quiet = values.quiet ?? false;
  if (!quiet) console.log('Rendering the PDF…');
  const result = await renderGuidePdf({
    buildDir: path.resolve(values['build-dir'] ?? 'build'),
    ...(quiet ? {} : { log: (line: string) => void process.stdout.write(`${line}\n`) }),
  });
  console.log(describePdf(result));
  return EXIT_OK;
});
