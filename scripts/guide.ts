/**
 * npm run guide -- <command>: the revised §2.5.2 and its recommendation registry (a thin CLI over
 * src/lib/recommendations), and the audit of the TC's Usage Guide sources (src/lib/audit). Run
 * from the repository root.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
  auditRecord,
  formatAudit,
  formatSpecHeadings,
  GuideFolderError,
  loadGuideFolder,
  runAudit,
  SPEC_HEADINGS_FILE,
} from '../src/lib/audit';

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
  audit --source <folder> [--commit <sha>] [--shown-as <path>]
           run the audit checks (PKCS #11 identifiers, BCP 14 keywords, C code blocks,
           [PKCS11-Spec-v3.2] section references, spelling, structure) over a TC
           document folder read in its files.txt order; positions are file:line:column
           in the TC's files (--format text|json|markdown|github). The commit is read
           with git when the folder is in a git work tree, or given with --commit.
  spec-headings --source <folder> --commit <sha>
           print the section numbers and titles of the specification's Markdown folder
           (files.txt, spec_files.txt, or its numbered *.md files in name order) as
           ${SPEC_HEADINGS_FILE} keeps them

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

function gitCommit(folder: string): string | undefined {
  try {
    return execFileSync('git', ['-C', folder, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

async function audit(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      commit: { type: 'string' },
      'shown-as': { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format = parseFormat(values);
  if (values.source === undefined) {
    throw new UsageError(
      'audit needs --source <folder>, e.g. audit --source ../pkcs11/working/doc/ug',
    );
  }
  if (/^[\w.-]+\/[\w.-]+@/.test(values.source)) {
    throw new UsageError(
      `--source ${values.source}: reading owner/name@ref:folder needs the shared GitHub folder reader, not in this build; pass a local checkout's folder`,
    );
  }
  let chapters;
  try {
    chapters = await loadGuideFolder(values.source, values['shown-as'] ?? values.source);
  } catch (error) {
    if (error instanceof GuideFolderError) throw new UsageError(error.message);
    throw error;
  }
  const commit = values.commit ?? gitCommit(values.source);
  const findings = await runAudit(chapters, { siteDir: process.cwd() });
  const record = auditRecord(
    {
      source: values['shown-as'] ?? values.source,
      ...(commit === undefined ? {} : { commit }),
      chapters: chapters.map((chapter) => chapter.path),
    },
    findings,
  );
  process.stdout.write(formatAudit(record, format));
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function specHeadings(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { source: { type: 'string' }, commit: { type: 'string' }, note: { type: 'string' } },
  });
  if (
    values.source === undefined ||
    values.commit === undefined ||
    !/^[0-9a-f]{40}$/.test(values.commit)
  ) {
    throw new UsageError('spec-headings needs --source <spec folder> --commit <40 hex digits>');
  }
  const folder = values.source;
  const names = await readdir(folder);
  let chapters;
  if (names.includes('files.txt') || names.includes('spec_files.txt')) {
    chapters = await loadGuideFolder(folder);
  } else {
    // Before spec_files.txt, the TC's Makefile gave pandoc `[0-9]*md`: numbered files in name order.
    chapters = await Promise.all(
      names
        .filter((name) => /^[0-9].*\.md$/.test(name))
        .sort()
        .map(async (name) => ({
          path: name,
          text: await readFile(path.join(folder, name), 'utf8'),
        })),
    );
  }
  process.stdout.write(
    formatSpecHeadings(chapters, values.commit, values.note ?? 'working/doc/spec'),
  );
  return EXIT_OK;
}

runCli(HELP, async (argv) => {
  const [command, ...rest] = argv;
  if (command === 'check') return check(rest);
  if (command === 'update') return update(rest);
  if (command === 'audit') return audit(rest);
  if (command === 'spec-headings') return specHeadings(rest);
  throw new UsageError(
    command === undefined
      ? 'name a command: check, update, audit or spec-headings'
      : `unknown command ${command}`,
  );
});
