/** The --help text of `npm run diagrams`, kept beside the library it describes. */
import { COLOUR_SCHEMES, DIAGRAMS_DIR } from './index';

export const DIAGRAMS_HELP = `Usage: npm run diagrams [-- --check | --force]

Draws each Mermaid diagram of docs/ and dogfood/ that has no files yet into ${DIAGRAMS_DIR}/, one SVG
per colour scheme (${COLOUR_SCHEMES.join(', ')}), named by a hash of the Mermaid version and the
diagram's text, and removes files no diagram needs any more.

  --check   write nothing; list diagrams not drawn and files not needed (exit 1 if any)
  --force   draw every diagram again

Exit codes: 0 done (or nothing to do), 1 --check found something, 2 usage error.
`;
