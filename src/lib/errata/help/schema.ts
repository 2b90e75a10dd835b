/** The --help text of `npm run errata:schema`, kept beside the library it describes. */

export const ERRATA_SCHEMA_HELP = `Usage: npm run errata:schema [-- --check]

Generates static/schemas/erratum.schema.json, erratum-proposal.schema.json and
errata-ignored.schema.json from the zod schemas in src/lib/errata/schema.ts.

  --check   write nothing; exit 1 if a committed file differs from a fresh generation
Exit codes: 0 ok (or up to date), 1 out of date (--check), 2 usage error.
`;
