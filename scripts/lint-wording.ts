/**
 * npm run lint:wording -- [paths…]: the wording lint over guide pages (default: docs/), a thin
 * CLI over src/lib/wording/lint. Part of `npm test`.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli, UsageError } from '../src/lib/cli';
import { compareFindings, formatFindingGithub, formatFindingText } from '../src/lib/findings';
import { guidePages, isGuidePage, lintFiles, RULE_DOCS } from '../src/lib/wording/lint';

const HELP = `Usage: npm run lint:wording -- [paths…] [--format text|json|github] [--rules]

Checks the wording of guide pages (.md and .mdx files; folders are searched; default: docs/):
${RULE_DOCS.map((docs) => `  ${docs.id.padEnd(20)} ${docs.summary}`).join('\n')}

Options:
  --format <f>  text (default), json, or github (workflow annotations)
  --json        same as --format json
  --rules       print each rule's documentation and examples, and exit
Exit status: 0 clean; 1 findings; 2 usage or set-up error.
`;

function rulesDocumentation(): string {
  return RULE_DOCS.map((docs) => {
    const examples = docs.examples.map((example) => {
      const output =
        example.output.length === 0
          ? 'No messages.'
          : example.output.map((line) => `    ${line}`).join('\n');
      return `${example.name}:\n\n${example.input.replace(/^/gm, '    ')}\n\n${output}`;
    });
    return [
      `pkcs11-wording:${docs.id}: ${docs.summary}`,
      '',
      docs.description,
      '',
      ...examples,
    ].join('\n');
  }).join('\n\n');
}

async function expand(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of paths) {
    const info = await stat(target).catch(() => undefined);
    if (info === undefined) throw new UsageError(`${target}: no such file or folder`);
    if (info.isDirectory()) files.push(...(await guidePages(target)));
    else if (isGuidePage(target)) files.push(target);
    else throw new UsageError(`${target}: not a .md or .mdx page`);
  }
  return files;
}

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
  const files = await expand(positionals.length > 0 ? positionals : ['docs']);
  const findings = (await lintFiles(files)).sort(compareFindings);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ checked: files.length, findings }, null, 2)}\n`);
  } else {
    for (const finding of findings) {
      process.stdout.write(
        `${
          format === 'github'
            ? formatFindingGithub(finding, { title: `wording ${finding.rule}` })
            : formatFindingText(finding)
        }\n`,
      );
    }
    process.stdout.write(
      findings.length === 0
        ? `${String(files.length)} page(s) checked: wording clean.\n`
        : `${String(files.length)} page(s) checked: ${String(findings.length)} finding(s).\n`,
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
});
