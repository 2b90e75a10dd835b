/**
 * npm run errata:schema [-- --check]: writes the JSON Schemas generated from the zod schemas of
 * src/lib/errata to static/schemas/ (editors validate records with them; the site serves them).
 */
import { parseArgs } from 'node:util';
import { EXIT_FINDINGS, EXIT_OK, runCli } from '../src/lib/cli';
import { syncSchemaFiles } from '../src/lib/errata';
import { ERRATA_SCHEMA_HELP } from '../src/lib/errata/help/schema';

runCli(ERRATA_SCHEMA_HELP, async (argv) => {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean' } } });
  const changes = await syncSchemaFiles(process.cwd(), { check: values.check === true });
  for (const change of changes) {
    if (change.state === 'stale')
      console.error(`${change.path} is out of date: run npm run errata:schema`);
    else console.log(`wrote ${change.path}`);
  }
  return changes.some((change) => change.state === 'stale') ? EXIT_FINDINGS : EXIT_OK;
});
