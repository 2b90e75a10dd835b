/**
 * `npm run build`: the Docusaurus build, strict about links, with broken links reported by source
 * file, then the PDF of the guide from the built site (scripts/pdf.ts), so the site always links
 * the PDF of the same commit.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli, defined } from '../src/lib/cli';
import { buildSite, formatBrokenLink } from '../src/lib/site-build';
import { describePdf, renderGuidePdf } from '../src/lib/pdf';
import { BUILD_HELP } from '../src/lib/site-build/help';

runCli(BUILD_HELP, async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: { 'out-dir': { type: 'string' }, 'no-pdf': { type: 'boolean' } },
  });
  const result = await buildSite({
    siteDir: process.cwd(),
    ...defined({ outDir: values['out-dir'] }),
    onOutput: (chunk) => process.stdout.write(chunk),
  });
  if (result.ok) {
    console.log(`Built in ${(result.durationMs / 1000).toFixed(1)} s.`);
    if (!values['no-pdf']) {
      console.log('Rendering the PDF…');
      const pdf = await renderGuidePdf({ buildDir: path.resolve(values['out-dir'] ?? 'build') });
      console.log(describePdf(pdf));
    }
    return EXIT_OK;
  }
  if (result.brokenLinks.length > 0) {
    console.error(`\nThe build found ${result.brokenLinks.length} broken link(s):`);
    for (const link of result.brokenLinks) console.error(`  ${formatBrokenLink(link)}`);
  }
  return EXIT_FINDINGS;
});
