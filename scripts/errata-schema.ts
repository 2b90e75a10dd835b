/**
 * npm run errata:schema [-- --check]: writes the JSON Schemas generated from the zod schemas of
 * src/lib/errata to static/schemas/ (editors validate records with them; the site serves them).
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { syncSchemaFiles } from '../src/lib/errata';

const HELP = `Usage: npm run errata:schema [-- --check]

Generates static/schemas/erratum.schema.json, erratum-proposal.schema.json and
errata-ignored.schema.json from the zod schemas in src/lib/errata/schema.ts.

  --check   write nothing; exit 1 if a committed file differs from a fresh generation
Exit codes: 0 ok (or up to date), 1 out of date (--check), 2 usage error.
`;

runCli(HELP, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean' } } });
  const changes = await syncSchemaFiles(process.cwd(), { check: values.check === true });
  for (const change of changes) {
    if (change.state === 'stale')
      console.error(`${change.path} is out of date: run npm run errata:schema`);
    else console.log(`wrote ${change.path}`);
  }
  return changes.some((change) => change.state === 'stale') ? EXIT_FINDINGS : EXIT_OK;
});
