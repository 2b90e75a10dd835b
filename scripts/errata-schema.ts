/**
 * npm run errata:schema [-- --check]: writes the JSON Schemas generated from the zod schemas of
 * src/lib/errata to static/schemas/ (editors validate records with them; the site serves them).
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { generateSchemaFiles, writeFileAtomic } from '../src/lib/errata';

const HELP = `Usage: npm run errata:schema [-- --check]

Generates static/schemas/erratum.schema.json, erratum-proposal.schema.json and
errata-ignored.schema.json from the zod schemas in src/lib/errata/schema.ts.

  --check   write nothing; exit 1 if a committed file differs from a fresh generation
Exit codes: 0 ok (or up to date), 1 out of date (--check), 2 usage error.
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean' } } });
  const siteDir = process.cwd();
  let stale = 0;
  for (const file of await generateSchemaFiles(siteDir)) {
    const target = path.join(siteDir, file.path);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === file.content) continue;
    if (values.check) {
      console.error(`${file.path} is out of date: run npm run errata:schema`);
      stale += 1;
    } else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, file.content);
      console.log(`wrote ${file.path}`);
    }
  }
  return stale === 0 ? EXIT_OK : EXIT_FINDINGS;
});
