/**
 * npm run guide -- <command>: the revised §2.5.2 and its recommendation registry, a thin CLI over
 * src/lib/recommendations. Run from the repository root.
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
  loadSiteConfig,
  publishedSiteUrl,
  UPSTREAM_DOCUMENTS,
  upstreamEditor,
  upstreamPullRequestConfig,
} from '../src/config';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
} from '../src/lib/cli';
import {
  auditProposals,
  auditRecord,
  formatAudit,
  formatProposeReport,
  proposeAuditFindings,
  formatSpecHeadings,
  GuideFolderError,
  loadGuideFolder,
  runAudit,
  SPEC_HEADINGS_FILE,
  type Chapter,
} from '../src/lib/audit';
import {
  DOCUMENT_IDS,
  errataPaths,
  formatErrataFindingGithub as formatFindingGithub,
  today,
} from '../src/lib/errata';
import { formatFindingText } from '../src/lib/findings';
import {
  checkTraceability,
  loadRegistry,
  PROPOSED_TEXT_FILE,
  REGISTRY_FILE,
  updateProposedText,
} from '../src/lib/recommendations';
import { createGitHubClient, GitHubError, redactSecrets } from '../src/lib/github';
import {
  ConversionError,
  buildUpstreamPatch,
  formatPullRequestReport,
  openPullRequest,
  pullRequestText,
  PullRequestSetupError,
  resolvePullRequestTarget,
} from '../src/lib/upstream-patch';
import { openSource, parseSourceSpec, UsageGuideSourceError } from '../src/lib/usage-guide-source';

const HELP = `Usage: npm run guide -- <command> [options]

Commands:
  check    the traceability check: every recommendation in ${REGISTRY_FILE} has examples
           that exist, every claim agrees with examples/results.json, every
           <Recommendation />/<Claim /> in docs/ names something in the registry, each
           recommendation is shown on exactly one page, and the proposed text is current
           (--format text|json|github)
  update   rewrite the generated statement lists in ${PROPOSED_TEXT_FILE}
           from the registry (nothing else in the file changes)
  upstream-patch --source <folder | owner/name@ref:folder> [--document <id>]
           [--path-prefix <folder>] [--date YYYY-MM-DD] [--format patch|markdown|json]
           the proposed text as one unified diff against the TC's Usage Guide
           sources: the section's body replaced in its chapter, a row added to the
           revision table, nothing else changed. Apply it with git apply at the root
           of the TC's checkout. --document is an errata document id with an entry
           in UPSTREAM_DOCUMENTS (src/config.ts), default ${Object.keys(UPSTREAM_DOCUMENTS)[0] ?? ''};
           --path-prefix is the folder the diff's paths start with (default the
           document's folder); the editor named in the revision row is UPSTREAM_EDITOR.
           GitHub sources are read with GITHUB_TOKEN when set (GITHUB_API_URL
           overrides the API). Writes nothing; prints to standard output.
  upstream-patch --source <owner/name@branch:folder> --open-pr [--yes] [--format text|json]
           the same patch as one commit on a branch of a fork (UPSTREAM_FORK, else the
           token's own fork, made if missing) and one pull request against that
           repository and branch, opened or updated, never duplicated; its description
           links the revised section, the erratum, the measured matrix and the field
           reports, and offers the text under the OASIS Feedback License. A dry run by
           default (prints the fork, branch, files, title and body); --yes writes, with
           GITHUB_TOKEN (public_repo scope, or a fine-grained token with contents and
           pull requests write). A second run with nothing changed writes nothing. The
           TC's repository is a target only when UPSTREAM_PR_REPOSITORY names it.

  audit --source <folder | owner/name@ref:folder> [--commit <sha>] [--shown-as <path>]
           run the audit checks (PKCS #11 identifiers, BCP 14 keywords, C code blocks,
           [PKCS11-Spec-v3.2] section references, spelling, structure) over a TC
           document folder read in its files.txt order; positions are file:line:column
           in the TC's files (--format text|json|markdown|github). The commit is read
           with git when the folder is in a git work tree, or given with --commit.
           Exit 1 when there are findings.
  audit --source <…> --propose [--dry-run] [--document <id>] [--date YYYY-MM-DD]
           each finding that no record, inbox proposal or tombstone covers becomes a
           proposal errata/inbox/audit-<key>.yaml (affects <id> and the section the
           finding is in, a one-sentence quotation, the correction or what to correct,
           the type of its check, reported by the project via "guide audit"); screen
           them with npm run errata -- screen accept|ignore <key>. The key comes from
           the check, the chapter file and the finding's sentence, not its line.
           Writes by default, like the errata syncs; --dry-run prints the files it
           would write and writes nothing. Never writes a published record.
           --document: an errata document id (default ${Object.keys(UPSTREAM_DOCUMENTS)[0] ?? ''});
           --date: the proposals' reported date (default today, UTC);
           --format text|json. Exit 0 when done (the findings are in records or the
           inbox), 2 on a usage or set-up error (e.g. an invalid errata file).
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

const PATCH_FORMATS = ['patch', 'markdown', 'json'] as const;

/** The client GitHub sources are read with: GITHUB_TOKEN when set, GITHUB_API_URL to redirect. */
function githubOctokit(): ReturnType<typeof createGitHubClient>['octokit'] {
  return createGitHubClient({
    ...(process.env.GITHUB_API_URL === undefined ? {} : { baseUrl: process.env.GITHUB_API_URL }),
  }).octokit;
}

async function upstreamPatch(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      source: { type: 'string' },
      document: { type: 'string' },
      'path-prefix': { type: 'string' },
      date: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      'open-pr': { type: 'boolean' },
      yes: { type: 'boolean' },
    },
  });
  if (values['open-pr'] === true) return openPr(values);
  if (values.yes === true) throw new UsageError('--yes confirms --open-pr; give both');
  const format = values.json ? 'json' : (values.format ?? 'patch');
  if (!(PATCH_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `--format ${format} is not offered; expected one of: ${PATCH_FORMATS.join(', ')}`,
    );
  if (values.source === undefined)
    throw new UsageError(
      'name the TC folder: --source working/doc/ug or --source oasis-tcs/pkcs11@master:working/doc/ug',
    );
  const { id, document, date } = upstreamTarget(values);
  const config = loadSiteConfig();
  try {
    const source = openSource(values.source, { octokit: githubOctokit() });
    const result = await buildUpstreamPatch({
      source,
      document,
      proposedPage: await readFile(PROPOSED_TEXT_FILE, 'utf8'),
      date,
      editor: upstreamEditor(),
      siteUrl: publishedSiteUrl(config),
      ...(values['path-prefix'] === undefined ? {} : { pathPrefix: values['path-prefix'] }),
    });
    if (format === 'json') {
      const { files, ...rest } = result;
      const summary = {
        document: id,
        ...rest,
        files: files.map(({ path, blobSha }) => ({ path, blobSha })),
      };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      process.stdout.write(format === 'markdown' ? result.markdown : result.patch);
    }
    return EXIT_OK;
  } catch (error) {
    // The library's own errors carry the file and the fix; they are set-up errors (exit 2).
    if (error instanceof UsageGuideSourceError || error instanceof ConversionError)
      throw new ConfigurationError(error.message);
    throw error;
  }
}

function isDocumentId(id: string): id is (typeof DOCUMENT_IDS)[number] {
  return (DOCUMENT_IDS as readonly string[]).includes(id);
}

/** --document (default the first mapped document) and --date (default today) of upstream-patch. */
function upstreamTarget(values: { document?: string; date?: string }) {
  const id = values.document ?? Object.keys(UPSTREAM_DOCUMENTS)[0] ?? '';
  const document = UPSTREAM_DOCUMENTS[id];
  if (document === undefined)
    throw new UsageError(
      `--document ${id} has no entry in UPSTREAM_DOCUMENTS (src/config.ts); expected one of: ${Object.keys(UPSTREAM_DOCUMENTS).join(', ')}`,
    );
  const date = values.date === undefined ? new Date() : new Date(`${values.date}T00:00:00Z`);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--date ${values.date ?? ''} is not a date; expected YYYY-MM-DD`);
  return { id, document, date };
}

/** `upstream-patch --open-pr`: the patch read from GitHub, committed to a fork, one pull request. */
async function openPr(values: {
  source?: string;
  document?: string;
  'path-prefix'?: string;
  date?: string;
  format?: string;
  json?: boolean;
  yes?: boolean;
}): Promise<number> {
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format ${format} is not offered with --open-pr; expected text or json`);
  if (values['path-prefix'] !== undefined)
    throw new UsageError('--path-prefix does not go with --open-pr: paths come from --source');
  const spec = values.source ?? '';
  let location;
  try {
    location = parseSourceSpec(spec);
  } catch (error) {
    if (error instanceof UsageGuideSourceError) throw new UsageError(error.message);
    throw error;
  }
  if (location.kind !== 'github')
    throw new UsageError(
      '--open-pr reads the branch it targets from GitHub: give --source owner/name@branch:folder, e.g. --source your-org/pkcs11@master:working/doc/ug',
    );
  const { id, document, date } = upstreamTarget(values);
  const dryRun = values.yes !== true;
  const token = process.env.GITHUB_TOKEN;
  if (!dryRun && (token ?? '') === '')
    throw new ConfigurationError(
      'GITHUB_TOKEN is not set: --open-pr --yes forks, pushes a branch and opens a pull request, which needs a token with the public_repo scope (or a fine-grained token with contents and pull requests write); without --yes it only prints the plan',
    );
  const config = loadSiteConfig();
  const siteUrl = publishedSiteUrl(config);
  try {
    const prConfig = upstreamPullRequestConfig();
    const target = resolvePullRequestTarget({ source: location, document, config: prConfig });
    const client = createGitHubClient({
      ...(process.env.GITHUB_API_URL === undefined ? {} : { baseUrl: process.env.GITHUB_API_URL }),
    });
    const source = openSource(spec, { octokit: client.octokit });
    const patch = await buildUpstreamPatch({
      source,
      document,
      proposedPage: await readFile(PROPOSED_TEXT_FILE, 'utf8'),
      date,
      editor: upstreamEditor(),
      siteUrl,
      pathPrefix: location.folder,
    });
    if (patch.patch === '') {
      process.stdout.write(
        `${source.label} already holds the proposed text: no pull request is needed.\n`,
      );
      return EXIT_OK;
    }
    const report = await openPullRequest({
      octokit: client.octokit,
      target,
      ...(prConfig.fork === undefined ? {} : { fork: prConfig.fork }),
      files: patch.files,
      text: pullRequestText({ documentId: id, document, siteUrl }),
      dryRun,
    });
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatPullRequestReport(report),
    );
    return EXIT_OK;
  } catch (error) {
    if (
      error instanceof UsageGuideSourceError ||
      error instanceof ConversionError ||
      error instanceof PullRequestSetupError
    )
      throw new ConfigurationError(redactSecrets(error.message, token));
    if (error instanceof GitHubError) {
      process.stderr.write(
        `error: ${redactSecrets(error.message, token)}\nRun again once GitHub answers: what was written is found again and not repeated.\n`,
      );
      return EXIT_FINDINGS;
    }
    throw error;
  }
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
      propose: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      document: { type: 'string' },
      date: { type: 'string' },
    },
  });
  const format = parseFormat(values, values.propose ? ['text', 'json'] : undefined);
  if (!values.propose) {
    for (const option of ['dry-run', 'document', 'date'] as const) {
      if (values[option] !== undefined)
        throw new UsageError(
          `--${option} goes with --propose: audit --source <…> --propose --${option} …`,
        );
    }
  }
  const document = values.document ?? Object.keys(UPSTREAM_DOCUMENTS)[0] ?? '';
  if (!isDocumentId(document)) {
    throw new UsageError(
      `--document ${document} is not an errata document id; expected one of: ${DOCUMENT_IDS.join(', ')}`,
    );
  }
  const date = values.date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new UsageError(`--date ${date} is not a date; expected YYYY-MM-DD`);
  }
  if (values.source === undefined) {
    throw new UsageError(
      'audit needs --source <folder>, e.g. audit --source ../pkcs11/working/doc/ug',
    );
  }
  let chapters: Chapter[];
  let commit = values.commit;
  try {
    if (/^[\w.-]+\/[\w.-]+@/.test(values.source)) {
      // A GitHub ref: read through the shared reader (ETag-cached, like upstream-patch).
      const source = openSource(values.source, { octokit: githubOctokit() });
      const names = await source.chapters();
      chapters = await Promise.all(
        names.map(async (name) => {
          const file = await source.readChapter(name);
          return { path: file.path, text: file.text };
        }),
      );
      commit ??= await source.commit();
    } else {
      chapters = await loadGuideFolder(values.source, values['shown-as'] ?? values.source);
      commit ??= gitCommit(values.source);
    }
  } catch (error) {
    if (error instanceof GuideFolderError || error instanceof UsageGuideSourceError)
      throw new UsageError(error.message);
    throw error;
  }
  const findings = await runAudit(chapters, { siteDir: process.cwd() });
  const record = auditRecord(
    {
      source: values['shown-as'] ?? values.source,
      ...(commit === undefined ? {} : { commit }),
      chapters: chapters.map((chapter) => chapter.path),
    },
    findings,
  );
  if (values.propose) {
    const proposals = auditProposals(chapters, findings, { document, date, source: record.source });
    const report = await proposeAuditFindings(errataPaths(process.cwd()), proposals, {
      dryRun: values['dry-run'] === true,
    });
    process.stdout.write(formatProposeReport(report, format === 'json' ? 'json' : 'text'));
    return EXIT_OK;
  }
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
  if (command === 'upstream-patch') return upstreamPatch(rest);
  if (command === 'audit') return audit(rest);
  if (command === 'spec-headings') return specHeadings(rest);
  throw new UsageError(
    command === undefined
      ? 'name a command: check, update, upstream-patch, audit or spec-headings'
      : `unknown command ${command}`,
  );
});
