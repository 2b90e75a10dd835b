/**
 * `npm run pdf`: renders the guide from the built site into build/pkcs11-fork-guide.pdf
 * (src/lib/pdf). `npm run build` runs it after the Docusaurus build.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { EXIT_OK, runCli } from '../src/lib/cli';
import { loadSiteConfig } from '../src/config';
import { renderGuidePdf } from '../src/lib/pdf';

const HELP = `Usage: npm run pdf [-- --build-dir <folder>] [--quiet]

Renders the guide's pages in sidebar order, with the errata as an appendix, from the built site
(default build/) into <build-dir>/pkcs11-fork-guide.pdf: cover, numbered contents with page
numbers, bookmarks, tagged PDF, running header and footer, document metadata. Needs Debian's
chromium (or CHROMIUM_PATH), qpdf and poppler-utils (scripts/setup.sh installs them).

Environment: SITE_URL, SITE_BASE_URL (see src/config.ts): links to pages not in the PDF point at
the public site.
Exit codes: 0 rendered, 2 usage or set-up error (no built site, no browser, no qpdf).
`;

export async function pdfStep(buildDir: string, quiet = false): Promise<void> {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  const log = quiet ? undefined : (line: string): void => void process.stdout.write(`${line}\n`);
  if (!quiet) console.log('Rendering the PDF…');
  const result = await renderGuidePdf({
    buildDir,
    site: loadSiteConfig(),
    version: pkg.version,
    ...(log ? { log } : {}),
  });
  console.log(
    `PDF: ${path.relative(process.cwd(), result.file)}, ${result.pages} pages, ${(result.bytes / 1024).toFixed(0)} KiB, ${result.passes} passes, ${(result.durationMs / 1000).toFixed(1)} s.`,
  );
}

if (require.main === module) {
  runCli(HELP, async (argv) => {
    const { values } = parseArgs({
      args: argv,
      options: { 'build-dir': { type: 'string' }, quiet: { type: 'boolean' } },
    });
    await pdfStep(path.resolve(values['build-dir'] ?? 'build'), values.quiet ?? false);
    return EXIT_OK;
  });
}
