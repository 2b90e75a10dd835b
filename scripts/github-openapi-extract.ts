/**
 * `npm run github:openapi`: extracts the part of GitHub's official OpenAPI description that the
 * issue sync uses, for the fake GitHub the sync's tests run against. The work is in
 * src/lib/openapi-subset; this file reads the options and prints the outcome.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

import { EXIT_OK, runCli, UsageError } from '../src/lib/cli';
import { DEFAULT_SUBSET_FILE } from '../src/lib/openapi-subset/operations';
import { writeOpenApiSubset } from '../src/lib/openapi-subset/write';
import { OPENAPI_EXTRACT_HELP } from '../src/lib/openapi-subset/help';

runCli(OPENAPI_EXTRACT_HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: DEFAULT_SUBSET_FILE },
      tarball: { type: 'string' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const out = path.resolve(values.out);
  const written = await writeOpenApiSubset({
    out,
    ...(values.tarball ? { tarball: path.resolve(values.tarball) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `${written.operations} operations, ${written.components} components → ${path.relative(process.cwd(), out)} ` +
      `(${Math.round(written.bytes / 1024)} KiB)\n`,
  );
  return EXIT_OK;
});
