/** The --help text of `npm run github:openapi`, kept beside the library it describes. */
import { DEFAULT_SUBSET_FILE, OPENAPI_PACKAGE, OPENAPI_VERSION, OPERATIONS } from './operations';

export const OPENAPI_EXTRACT_HELP = `Usage: npm run github:openapi -- [--out <file>] [--tarball <file>]

Downloads ${OPENAPI_PACKAGE}@${OPENAPI_VERSION} with npm pack (from the registry npm is configured with),
takes its description of api.github.com (OpenAPI 3.0) and writes the operations the issue
sync uses, with the components they reference and without examples, to --out
(default ${DEFAULT_SUBSET_FILE}).
--tarball uses an already downloaded package instead of npm pack.

Operations:
${OPERATIONS.map((id) => `  ${id}`).join('\n')}
`;
