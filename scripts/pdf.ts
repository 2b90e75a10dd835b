/**
 * `npm run pdf`: renders the guide from the built site into build/pkcs11-fork-guide.pdf
 * (src/lib/pdf). `npm run build` runs it after the Docusaurus build.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { EXIT_OK, runCli } from '../src/lib/cli';
import { describePdf, renderGuidePdf } from '../src/lib/pdf';
import { PDF_HELP } from '../src/lib/pdf/help';

runCli(PDF_HELP, async (argv) => {
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
