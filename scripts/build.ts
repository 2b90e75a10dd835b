/**
 * `npm run build`: the Docusaurus build, strict about links, with broken links reported by source
 * file. (The PDF joins as a post-build step in its own issue.)
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { buildSite, formatBrokenLink } from '../src/lib/site-build';

const HELP = `Usage: npm run build [-- --out-dir <folder>]

Builds the site into build/ (or --out-dir). The build fails on any broken link, broken anchor or
broken Markdown link; each is listed with the source file that holds it and its target.

Environment: SITE_URL, SITE_BASE_URL, GITHUB_REPOSITORY (see src/config.ts).
Exit codes: 0 built, 1 the build failed, 2 usage error.
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { 'out-dir': { type: 'string' } } });
  const result = await buildSite({
    siteDir: process.cwd(),
    ...(values['out-dir'] === undefined ? {} : { outDir: values['out-dir'] }),
    onOutput: (chunk) => process.stdout.write(chunk),
  });
  if (result.ok) {
    console.log(`Built in ${(result.durationMs / 1000).toFixed(1)} s.`);
    return EXIT_OK;
  }
  if (result.brokenLinks.length > 0) {
    console.error(`\nThe build found ${result.brokenLinks.length} broken link(s):`);
    for (const link of result.brokenLinks) console.error(`  ${formatBrokenLink(link)}`);
  }
  return EXIT_FINDINGS;
});
