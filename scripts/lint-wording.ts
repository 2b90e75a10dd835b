/**
 * npm run lint:wording -- [paths…]: the wording lint over guide pages (default: docs/), a thin
 * CLI over src/lib/wording/lint. Part of `npm test`.
 */
import { parseArgs } from 'node:util';

import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli } from '../src/lib/cli';
import { formatFindingsReport } from '../src/lib/errata';
import { compareFindings } from '../src/lib/findings';
import { lintFiles } from '../src/lib/wording/lint';
import { expandGuidePages } from '../src/lib/wording/lint/expand-pages';
import { rulesDocumentation } from '../src/lib/wording/lint/rules-text';
import { LINT_WORDING_HELP } from '../src/lib/wording/lint/help';

runCli(LINT_WORDING_HELP, async (argv) => {
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
