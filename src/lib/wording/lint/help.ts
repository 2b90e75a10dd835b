/** The --help text of `npm run lint:wording`, kept beside the library it describes. */
import { RULE_DOCS } from './index';

export const LINT_WORDING_HELP = `Usage: npm run lint:wording -- [paths…] [--format text|json|github] [--rules]

Checks the wording of guide pages (.md and .mdx files; folders are searched; default: docs/):
${RULE_DOCS.map((docs) => `  ${docs.id.padEnd(20)} ${docs.summary}`).join('\n')}

Options:
  --format <f>  text (default), json, or github (workflow annotations)
  --json        same as --format json
  --rules       print each rule's documentation and examples, and exit
Exit status: 0 clean; 1 findings; 2 usage or set-up error.
`;
