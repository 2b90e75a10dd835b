/**
 * npm run guide -- <command>: the revised §2.5.2 and its recommendation registry, a thin CLI over
 * src/lib/recommendations. Run from the repository root.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { EXIT_FINDINGS, EXIT_OK, parseFormat, runCli, UsageError } from '../src/lib/cli';
import { formatFindingGithub, formatFindingText } from '../src/lib/errata';
import {
  checkTraceability,
  loadRegistry,
  PROPOSED_TEXT_FILE,
  REGISTRY_FILE,
  updateProposedText,
} from '../src/lib/recommendations';

const HELP = `Usage: npm run guide -- <command> [options]

Commands:
  check    the traceability check: every recommendation in ${REGISTRY_FILE} has examples
           that exist, every claim agrees with examples/results.json, every
           <Recommendation />/<Claim /> in docs/ names something in the registry, each
           recommendation is shown on exactly one page, and the proposed text is current
           (--format text|json|github)
  update   rewrite the generated statement lists in ${PROPOSED_TEXT_FILE}
           from the registry (nothing else in the file changes)

Exit status: 0 ok; 1 findings; 2 usage or set-up error.
`;

async function check(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, json: { type: 'boolean' } },
  });
  const format = parseFormat(values, ['text', 'json', 'github']);
  const { registry, findings } = await checkTraceability({ siteDir: process.cwd() });
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
  } else {
    const line = format === 'github' ? formatFindingGithub : formatFindingText;
    for (const finding of findings) process.stdout.write(`${line(finding)}\n`);
    const count = registry?.recommendations.length ?? 0;
    const claims = registry?.recommendations.reduce((n, r) => n + r.claims.length, 0) ?? 0;
    process.stdout.write(
      findings.length === 0
        ? `${count} recommendations, ${claims} claims: all traced.\n`
        : `${findings.length} finding(s).\n`,
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function update(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`update takes no arguments; got ${args.join(' ')}`);
  const loaded = await loadRegistry(process.cwd());
  if (!loaded.registry) {
    for (const finding of loaded.findings) process.stderr.write(`${formatFindingText(finding)}\n`);
    return EXIT_FINDINGS;
  }
  const text = await readFile(PROPOSED_TEXT_FILE, 'utf8');
  const updated = updateProposedText(text, loaded.registry);
  for (const problem of updated.problems)
    process.stderr.write(`${PROPOSED_TEXT_FILE}:${problem.line}: ${problem.message}\n`);
  if (updated.problems.length > 0) return EXIT_FINDINGS;
  if (updated.text === text) {
    process.stdout.write(`${PROPOSED_TEXT_FILE} is up to date.\n`);
  } else {
    await writeFile(PROPOSED_TEXT_FILE, updated.text);
    process.stdout.write(`${PROPOSED_TEXT_FILE} updated from ${REGISTRY_FILE}.\n`);
  }
  return EXIT_OK;
}

runCli(HELP, async (argv) => {
  const [command, ...rest] = argv;
  if (command === 'check') return check(rest);
  if (command === 'update') return update(rest);
  throw new UsageError(
    command === undefined ? 'name a command: check or update' : `unknown command ${command}`,
  );
});
