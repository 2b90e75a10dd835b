/**
 * npm run lint:wording -- [paths…]: the wording lint over guide pages (default: docs/), a thin
 * CLI over src/lib/wording/lint. Part of `npm test`.
 */
import { parseArgs } from 'node:util';

import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli } from '../src/lib/cli';
import { formatFindingsReport } from '../src/lib/errata';
import { compareFindings } from '../src/lib/findings';
import { lintFiles, RULE_DOCS } from '../src/lib/wording/lint';
import { expandGuidePages } from '../src/lib/wording/lint/expand-pages';
import { rulesDocumentation } from '../src/lib/wording/lint/rules-text';

const HELP = `Usage: npm run lint:wording -- [paths…] [--format text|json|github] [--rules]

Checks the wording of guide pages (.md and .mdx files; folders are searched; default: docs/):
${RULE_DOCS.map((docs) => `  ${docs.id.padEnd(20)} ${docs.summary}`).join('\n')}

Options:
  --format <f>  text (default), json, or github (workflow annotations)
  --json        same as --format json
  --rules       print each rule's documentation and examples, and exit
Exit status: 0 clean; 1 findings; 2 usage or set-up error.
`;

runCli(HELP, async (argv) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      json: { type: 'boolean' },
      rules: { type: 'boolean' },
    },
  });
  if (values.rules) {
    process.stdout.write(`${rulesDocumentation()}\n`);
    return EXIT_OK;
  }
  const format = parseFormat(values, ['text', 'json', 'github']);
  const files = await expandGuidePages(positionals.length > 0 ? positionals : ['docs']);
  const findings = (await lintFiles(files)).sort(compareFindings);
  const checked = String(files.length);
  process.stdout.write(
    formatFindingsReport(findings, format, {
      json: { checked: files.length, findings },
      summary:
        findings.length === 0
          ? `${checked} page(s) checked: wording clean.`
          : `${checked} page(s) checked: ${String(findings.length)} finding(s).`,
      githubTitle: (finding) => `wording ${finding.rule}`,
    }),
  );
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
});
