/**
 * npm run errata -- <command>: the errata tracker's command line, a thin dispatcher over
 * src/lib/errata. Commands: validate, new, screen, list, log. Run from the repository root.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  EXIT_FINDINGS,
  EXIT_OK,
  EXIT_USAGE,
  parseFormat,
  runCli,
  ConfigurationError,
  UsageError,
  type OutputFormat,
} from '../src/lib/cli';
import {
  acceptProposal,
  acceptProposalByEditing,
  byId,
  byLastActivity,
  createRecord,
  DOCUMENT_IDS,
  errataPaths,
  filterErrata,
  formatErrataFindingGithub as formatFindingGithub,
  ignoreProposal,
  listJson,
  listMarkdown,
  listText,
  loadErrataSet,
  logCsv,
  logMarkdown,
  sourceKey,
  STATUSES,
  TYPES,
  validateErrata,
  validRecords,
  type AcceptFields,
  type AcceptResult,
  type ErratumType,
  type ScreenedField,
  type Status,
} from '../src/lib/errata';
import { formatFindingText } from '../src/lib/findings';
import { FetchError } from '../src/lib/archive';
import { loadSiteConfig, publishedSiteUrl, UPSTREAM_DOCUMENTS } from '../src/config';
import { GitHubError, redactSecrets, splitRepository } from '../src/lib/github';
import { githubReportJson, githubReportText, runGitHubSync } from '../src/lib/github-sync';
import {
  createProgress,
  reportGithub,
  reportJson,
  reportMarkdown,
  reportText,
  runMailSync,
} from '../src/lib/mail-sync';

const COMMON = `Run from the repository root: records are errata/*.yaml, proposals errata/inbox/*.yaml,
anchors are checked against the headings of docs/.
Exit status: 0 ok; 1 findings (invalid files); 2 usage or set-up error.`;

const HELP: Record<string, string> = {
  '': `Usage: npm run errata -- <command> [options]

Commands:
  validate   check every record, inbox proposal and the ignored list
  new        create errata/E-NNNN.yaml with the next free id
  screen     list inbox proposals; screen accept <key> | screen ignore <key>
  list       list errata, filtered by status, type, document or section
  log        the Comment Resolution Log as Markdown or CSV
  sync-mail  follow the comment threads in the OASIS list archives (MHonArc)
  sync-github  keep one GitHub issue per erratum in step with the records

Run npm run errata -- <command> --help for a command's options.
${COMMON}
`,
  'sync-mail': `Usage: npm run errata -- sync-mail [--archive <root URL>] [--list <name> …] [options]

Reads the MHonArc archives of the lists (default pkcs11-comment and pkcs11), rebuilds the threads
across months and lists (Message-ID, References, forwards matched by their quoted header block),
and writes what it learns into errata/:
- citations are facts: a record's mail thread is matched by its Message-ID first, and by its
  archived page only within the same archive root (or a mirror mapped in mail-rules.yaml) and
  only when the page's Message-ID, or where the record has none its subject, agrees. The sync may
  add a citation, fill a missing Message-ID and count new messages; it never removes one, and
  moves a URL only when the same Message-ID is at a new page of the same archive (the old URL is
  kept in the entry's movedFrom with the date). Human-owned fields are never touched;
- a citation the archive contradicts is a conflict: the file is left as it is and the conflict
  reported (file, field, record, archive); confirm a right citation in mail-rules.yaml
  (confirmed: [{file, citation, note}]) and the sync stops asking;
- a new comment-list thread about the Usage Guide (rules: errata/sync/mail-rules.yaml) becomes a
  proposal errata/inbox/mail-<hash>.yaml, unless errata/inbox/ignored.yaml screened it out;
- TC-list threads only join threads and records that exist.
What it has read is kept in errata/sync/mail-state.yaml, one state per archive root (commit it
with the records), so the next run asks only for what changed (conditional requests) and
--since never cuts a thread in two. Each page is fetched at most once per run. Senders are stored
by name, never by address.

  --archive <url>      archive root (default $OASIS_ARCHIVE_ROOT or the OASIS archives)
  --list <name>        a list to read; repeatable (default pkcs11-comment and pkcs11)
  --since YYYY-MM      visit only this month and later ones
  --dry-run            report what would change; write nothing
  --concurrency <n>    requests at once (default 2)
  --rate <n>           requests per second at most (default 4)
  --timeout <s>        per request attempt (default 30)
  --retries <n>        further attempts after a failed one (default 4)
  --checkpoint <s>     save what was read at most every s seconds while crawling (default 5;
                       0 = after every month), so an interrupted run resumes from there
  --format text|json|markdown|github
                       json: { threads, changes, conflicts, requests, warnings, … } on stdout;
                       github: an ::error annotation per conflict, then the text report
  --json               short for --format json
Exit status: 0 done (warnings are listed); 1 conflicts (those files left as they are), or the
archive failed (nothing of the errata written, what was read is kept for the next run); 2 usage
or set-up error.
`,
  'sync-github': `Usage: npm run errata -- sync-github [--repo <owner/name>] [options]

Keeps one issue per erratum in the repository (default $GITHUB_REPOSITORY, else this project's):
- push: a record without an issue gets one (labels erratum, status:<status>, type:<type>; the
  body carries the marker <!-- erratum:E-NNNN -->); title, body, labels and state are updated only
  where they differ; resolved and rejected close the issue, other statuses keep it open;
- pull: the issue's state, labels, comments, last activity and linked pull requests go into the
  record's github thread entry (sync-owned);
- an issue labelled erratum that no record claims becomes a proposal in errata/inbox/;
- the record owns status and type: when a maintainer changed the labels or state on GitHub since
  the last sync, that is a conflict — reported, and neither side is changed — unless --prefer;
- upstream drift watch: for an erratum whose affects names a section the TC keeps on GitHub
  (UPSTREAM_DOCUMENTS in src/config.ts), the chapter's blob SHA and the section's hash are kept
  in the state; when the section changes or goes, one proposal in errata/inbox/ asks to review
  whether the erratum is resolved, with the section's word diff. Records are never changed.
Reads are conditional (ETag cache in errata/sync/github-cache.json; 304s do not count against
GitHub's rate limit); errata/sync/github-state.yaml keeps what both sides agreed on last time.
The token comes from $GITHUB_TOKEN and is never printed or written. $GITHUB_API_URL sets the API
root (GitHub Actions sets it; default https://api.github.com).

  --repo <owner/name>      the repository of the issues
  --prefer record|github   settle conflicts: push the record, or take the labels into the record
                           (status only for an allowed step that needs no resolution)
  --dry-run                read and plan; print the write requests; write nothing anywhere
  --format text|json       json: { requests, conflicts, changes, warnings, stats }
  --json                   short for --format json
Exit status: 0 in step; 1 conflicts left or GitHub failed; 2 usage or set-up error.
`,
  validate: `Usage: npm run errata -- validate [--format text|json|github]

Checks every errata/E-NNNN.yaml against the schema (unknown fields, types, dates), the rules
(id = file name, unique ids, anchors exist among the docs' heading ids, history ↔ status,
allowed transitions, non-decreasing dates, resolution when decided, no e-mail address anywhere,
no TODO left), and errata/inbox/ (relaxed schema, file name = source key, ignored list).

  --format github   prints ::error file=…,line=…,col=…:: annotations for workflow runs
  --json            short for --format json
${COMMON}
`,
  new: `Usage: npm run errata -- new --title <title> [options]

Creates errata/E-NNNN.yaml with the next free id (atomically: concurrent runs get distinct ids)
in status reported, and prints its path. Fields not given are written as TODO for you to fill in;
validate reports them until you do.

  --title <text>              required
  --type technical|editorial  default technical
  --affects <document>:<section>  repeatable, e.g. --affects ug-3.2-cn01:2.5.2
  --anchor <route#id>         e.g. /guide/#the-rule-the-revision-is-built-on
  --by <name>                 the commenter's name (never an e-mail address)
  --via <channel>             e.g. pkcs11-comment
  --date <YYYY-MM-DD>         date of the report; default today
${COMMON}
`,
  screen: `Usage: npm run errata -- screen [--format text|json]
       npm run errata -- screen accept <key> --type … --affects <doc>:<section>… --anchor <route#id>
                         --summary <text|@file> --original <text|@file> [--proposed <text|@file>]
                         [--title <text>]
       npm run errata -- screen accept <key> --edit [any of the options above] [--resume <file>]
       npm run errata -- screen ignore <key> [--note <text>]

Without a subcommand, lists the proposals in errata/inbox/ (made by the syncs and by
npm run guide -- audit --propose; never published).
accept  turns errata/inbox/<key>.yaml into errata/E-NNNN.yaml (the next free id, status reported,
        the proposal's report and threads) and prints its path. The record is written only when
        it passes every check of validate (its anchor a heading of the docs, no TODO, no e-mail
        address), atomically; then the proposal is deleted. Otherwise nothing is written, the
        proposal stays, and the missing fields (by name) or the findings are listed: exit 2.
  --title <text>              default the proposal's title
  --type technical|editorial  required unless the proposal has one
  --affects <document>:<section>  repeatable, e.g. --affects ug-3.2-cn01:2.5.2; required unless
                              the proposal has some (document ids: src/data/oasis-documents.ts)
  --anchor <route#id>         the heading of our docs that carries the fix, required, e.g.
                              /guide/#the-rule-the-revision-is-built-on
  --summary <text|@file>      the comment in our own words; required unless the proposal has one
  --original <text|@file>     the text as published (a short quote or a paraphrase); required
                              unless the proposal has one (an audit finding's does)
  --proposed <text|@file>     the replacement text, when there is one (default the proposal's)
                              A value @path is read from that file (UTF-8, exactly as it is, final
                              newline included); @@text stands for the text @text.
  --edit                      open the record, prefilled with the proposal and the options given,
                              in $EDITOR (run by sh with the file as its last argument, so
                              EDITOR="code --wait" works); on save and exit it is checked as above.
                              An edit that is not valid is kept: its path is printed with the
                              findings (file:line:column), and nothing is written. Empty the file
                              to write nothing.
  --resume <file>             with --edit: start from a kept edit instead of the prefilled record
ignore  adds the proposal's thread keys (an audit finding's key too) to errata/inbox/ignored.yaml,
        so no sync or audit run proposes them again, and deletes the proposal.
${COMMON}
`,
  list: `Usage: npm run errata -- list [filters] [--format text|json|markdown] [--sort id|activity]

  --status <s>[,<s>…]   ${STATUSES.join(', ')}
  --type <t>            ${TYPES.join(', ')}
  --document <id>       ${DOCUMENT_IDS.join(', ')}
  --section <n>         e.g. 2.5 (matches 2.5 and its subsections)
  --sort id|activity    default id; activity = most recent first
${COMMON}
`,
  log: `Usage: npm run errata -- log [--format markdown|csv]

Prints the Comment Resolution Log: comment id, date, commenter name, document and section,
summary, disposition, resolution. CSV follows RFC 4180 (CRLF, quoted fields); a cell that a
spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe.
${COMMON}
`,
};

const COMMANDS = ['validate', 'new', 'screen', 'list', 'log', 'sync-mail', 'sync-github'] as const;
type Command = (typeof COMMANDS)[number];

function isCommand(value: string | undefined): value is Command {
  return (COMMANDS as readonly string[]).includes(value ?? '');
}

const paths = errataPaths(process.cwd());
const relative = (file: string): string => path.relative(process.cwd(), file);

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(
      `${option} ${value} is not offered; expected one of: ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

function parseAffects(
  values: string[] | undefined,
): { document: string; section: string }[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  return values.map((value) => {
    const [document = '', section = ''] = value.split(':');
    oneOf(document, DOCUMENT_IDS, '--affects document');
    if (!/^\d+(\.\d+)*$/.test(section)) {
      throw new UsageError(
        `--affects ${value}: expected <document>:<section>, e.g. ug-3.2-cn01:2.5.2`,
      );
    }
    return { document, section };
  });
}

const recordOptions = {
  type: { type: 'string' },
  affects: { type: 'string', multiple: true },
  anchor: { type: 'string' },
} as const;

async function validate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, json: { type: 'boolean' } },
  });
  const format = parseFormat(values, ['text', 'json', 'github']);
  const { findings, checked } = await validateErrata(paths);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ checked, findings }, null, 2)}\n`);
  } else {
    const line = format === 'github' ? formatFindingGithub : formatFindingText;
    for (const finding of findings) process.stdout.write(`${line(finding)}\n`);
    process.stdout.write(
      findings.length === 0
        ? `${checked} errata file(s) checked: all valid.\n`
        : `${checked} errata file(s) checked: ${findings.length} finding(s).\n`,
    );
  }
  return findings.length === 0 ? EXIT_OK : EXIT_FINDINGS;
}

async function create(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...recordOptions,
      title: { type: 'string' },
      by: { type: 'string' },
      via: { type: 'string' },
      date: { type: 'string' },
    },
  });
  if (values.title === undefined || values.title.trim() === '') {
    throw new UsageError('new needs a title: npm run errata -- new --title "What is wrong"');
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new UsageError(`--date ${values.date}: expected YYYY-MM-DD, e.g. --date 2015-05-10`);
  }
  const affects = parseAffects(values.affects);
  const created = await createRecord(paths, {
    title: values.title,
    ...(values.type === undefined ? {} : { type: oneOf(values.type, TYPES, '--type') }),
    ...(affects === undefined ? {} : { affects }),
    ...(values.anchor === undefined ? {} : { anchor: values.anchor }),
    ...(values.by === undefined ? {} : { by: values.by }),
    ...(values.via === undefined ? {} : { via: values.via }),
    ...(values.date === undefined ? {} : { date: values.date }),
  });
  process.stdout.write(`${relative(created.path)}\n`);
  return EXIT_OK;
}

/** `--original @notes.txt` reads the file; `@@text` is the literal `@text`; else the text itself. */
async function textOption(value: string | undefined, option: string): Promise<string | undefined> {
  if (value === undefined || !value.startsWith('@')) return value;
  if (value.startsWith('@@')) return value.slice(1);
  const file = value.slice(1);
  const bytes = await readFile(file).catch((error: unknown) => {
    throw new UsageError(`${option} ${value}: cannot read ${file} (${(error as Error).message})`);
  });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${option} ${value}: ${file} is not UTF-8 text; save it as UTF-8`);
  }
}

/**
 * Runs $EDITOR on `file` and waits for it. As git does, a shell runs the variable with the file
 * as "$@", so an editor given with arguments (EDITOR="code --wait") works (git's run-command.c,
 * prepare_shell_cmd).
 */
function runEditor(editor: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the editor (${editor}) exited with ${signal ?? `status ${code}`}`));
    });
  });
}

const FIELD_OPTIONS: Record<ScreenedField, string> = {
  title: '--title <text>',
  type: '--type technical|editorial',
  affects: '--affects <document>:<section>',
  anchor: '--anchor <route#heading-id>',
  summary: '--summary <text|@file>',
  original: '--original <text|@file>',
};

interface AcceptValues {
  title?: string | undefined;
  type?: string | undefined;
  affects?: string[] | undefined;
  anchor?: string | undefined;
  summary?: string | undefined;
  original?: string | undefined;
  proposed?: string | undefined;
  edit?: boolean | undefined;
  resume?: string | undefined;
}

async function accept(key: string, values: AcceptValues): Promise<number> {
  const proposalFile = relative(path.join(paths.inboxDir, `${key}.yaml`));
  const affects = parseAffects(values.affects);
  const summary = await textOption(values.summary, '--summary');
  const original = await textOption(values.original, '--original');
  const proposed = await textOption(values.proposed, '--proposed');
  const fields: AcceptFields = {
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(values.type === undefined ? {} : { type: oneOf(values.type, TYPES, '--type') }),
    ...(affects === undefined ? {} : { affects }),
    ...(values.anchor === undefined ? {} : { anchor: values.anchor }),
    ...(summary === undefined ? {} : { summary }),
    ...(original === undefined ? {} : { original }),
    ...(proposed === undefined ? {} : { proposed }),
  };
  if (values.resume !== undefined && values.edit !== true) {
    throw new UsageError(
      `--resume needs --edit: screen accept ${key} --edit --resume ${values.resume}`,
    );
  }
  let result: AcceptResult;
  if (values.edit === true) {
    const editor = process.env.EDITOR ?? '';
    if (editor.trim() === '') {
      throw new ConfigurationError(
        `--edit needs an editor in $EDITOR, e.g. EDITOR=nano npm run errata -- screen accept ${key} --edit`,
      );
    }
    const startFrom =
      values.resume === undefined ? undefined : await textOption(`@${values.resume}`, '--resume');
    result = await acceptProposalByEditing(paths, key, fields, {
      edit: (file) => runEditor(editor, file),
      ...(startFrom === undefined ? {} : { startFrom }),
    });
  } else {
    result = await acceptProposal(paths, key, fields);
  }
  switch (result.kind) {
    case 'accepted':
      process.stdout.write(`${relative(result.path)}\n`);
      return EXIT_OK;
    case 'incomplete':
      process.stderr.write(
        `error: ${proposalFile} was not accepted; still missing:\n${result.missing
          .map((field) => `  ${field} (${FIELD_OPTIONS[field]})\n`)
          .join('')}Nothing was written; the proposal is kept. Give them, or use --edit.\n`,
      );
      return EXIT_USAGE;
    case 'invalid':
    case 'aborted': {
      const lines =
        result.kind === 'invalid'
          ? result.findings.map((finding) =>
              result.kept === undefined
                ? `  ${finding.field ?? ''}: ${finding.message} [${finding.rule}]`
                : `  ${formatFindingText(finding)}`,
            )
          : [`  ${result.reason}`];
      const kept =
        result.kept === undefined
          ? ''
          : `Your edit is kept in ${result.kept}; continue with: npm run errata -- screen accept ${key} --edit --resume ${result.kept}\n`;
      process.stderr.write(
        `error: ${proposalFile} was not accepted:\n${lines.join('\n')}\nNothing was written; the proposal is kept.\n${kept}`,
      );
      return EXIT_USAGE;
    }
  }
}

async function screen(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...recordOptions,
      title: { type: 'string' },
      summary: { type: 'string' },
      original: { type: 'string' },
      proposed: { type: 'string' },
      edit: { type: 'boolean' },
      resume: { type: 'string' },
      note: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [action, key, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra.join(' ')}`);
  if (action === 'accept' || action === 'ignore') {
    if (key === undefined) {
      throw new UsageError(
        `screen ${action} needs a key: npm run errata -- screen ${action} <key>`,
      );
    }
    if (action === 'ignore') {
      const { keys } = await ignoreProposal(paths, key, {
        ...(values.note === undefined ? {} : { note: values.note }),
      });
      process.stdout.write(`ignored ${keys.join(', ')}; ${relative(paths.ignoredFile)} updated\n`);
      return EXIT_OK;
    }
    return accept(key, values);
  }
  if (action !== undefined) {
    throw new UsageError(
      `screen ${action} is not a subcommand; expected accept <key> or ignore <key>`,
    );
  }
  const format = parseFormat(values, ['text', 'json']);
  const set = await loadErrataSet(paths);
  const proposals = set.proposals.map((loaded) => ({
    key: path.basename(loaded.path, path.extname(loaded.path)),
    file: loaded.file,
    valid: loaded.value !== undefined,
    ...(loaded.value === undefined
      ? {}
      : {
          title: loaded.value.title,
          reported: loaded.value.reported,
          threads: loaded.value.threads.map(sourceKey),
        }),
  }));
  if (format === 'json') process.stdout.write(`${JSON.stringify(proposals, null, 2)}\n`);
  else if (proposals.length === 0) process.stdout.write('The inbox is empty.\n');
  else {
    for (const proposal of proposals) {
      process.stdout.write(
        proposal.reported === undefined
          ? `${proposal.key}  (invalid: run npm run errata -- validate)\n`
          : `${proposal.key}  ${proposal.reported.date}  ${proposal.reported.by}  ${proposal.title ?? ''}\n`,
      );
    }
  }
  return proposals.every((proposal) => proposal.valid) ? EXIT_OK : EXIT_FINDINGS;
}

/** Loads the records; invalid files are reported on stderr and make the exit code 1. */
async function loadForReport() {
  const set = await loadErrataSet(paths);
  const invalid = set.records.filter((record) => record.value === undefined);
  for (const record of invalid) {
    process.stderr.write(
      `skipped ${record.file}: it is not valid (npm run errata -- validate shows why)\n`,
    );
  }
  return { records: validRecords(set), exitCode: invalid.length === 0 ? EXIT_OK : EXIT_FINDINGS };
}

async function list(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      status: { type: 'string' },
      type: { type: 'string' },
      document: { type: 'string' },
      section: { type: 'string' },
      sort: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format: OutputFormat = parseFormat(values, ['text', 'json', 'markdown']);
  const status = values.status
    ?.split(',')
    .map((s) => oneOf<Status>(s.trim(), STATUSES, '--status'));
  const type = values.type?.split(',').map((t) => oneOf<ErratumType>(t.trim(), TYPES, '--type'));
  if (values.document !== undefined) oneOf(values.document, DOCUMENT_IDS, '--document');
  if (values.section !== undefined && !/^\d+(\.\d+)*$/.test(values.section)) {
    throw new UsageError(`--section ${values.section}: expected a section number, e.g. 2.5.2`);
  }
  const sort = oneOf(values.sort ?? 'id', ['id', 'activity'], '--sort');
  const { records, exitCode } = await loadForReport();
  const selected = filterErrata(records, {
    ...(status === undefined ? {} : { status }),
    ...(type === undefined ? {} : { type }),
    ...(values.document === undefined ? {} : { document: values.document }),
    ...(values.section === undefined ? {} : { section: values.section }),
  }).sort(sort === 'id' ? byId : byLastActivity);
  const render = format === 'json' ? listJson : format === 'markdown' ? listMarkdown : listText;
  process.stdout.write(render(selected));
  return exitCode;
}

async function log(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { format: { type: 'string' } } });
  const format = oneOf(values.format ?? 'markdown', ['markdown', 'csv'], '--format');
  const { records, exitCode } = await loadForReport();
  process.stdout.write(format === 'csv' ? logCsv(records) : logMarkdown(records));
  return exitCode;
}

function positiveNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${option} ${value}: expected a positive number`);
  }
  return number;
}

async function syncMail(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      archive: { type: 'string' },
      list: { type: 'string', multiple: true },
      since: { type: 'string' },
      'dry-run': { type: 'boolean' },
      concurrency: { type: 'string' },
      rate: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      checkpoint: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format = parseFormat(values, ['text', 'json', 'markdown', 'github']);
  const checkpoint = values.checkpoint === undefined ? undefined : Number(values.checkpoint);
  if (checkpoint !== undefined && !(Number.isFinite(checkpoint) && checkpoint >= 0)) {
    throw new UsageError(`--checkpoint ${values.checkpoint}: expected seconds, 0 or more`);
  }
  if (values.since !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.since)) {
    throw new UsageError(`--since ${values.since}: expected a month YYYY-MM, e.g. --since 2015-05`);
  }
  const concurrency = positiveNumber(values.concurrency, '--concurrency');
  const rate = positiveNumber(values.rate, '--rate');
  const timeout = positiveNumber(values.timeout, '--timeout');
  const retries = values.retries === undefined ? undefined : Number(values.retries);
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw new UsageError(`--retries ${values.retries}: expected a whole number, 0 or more`);
  }
  const dryRun = values['dry-run'] === true;
  const progress = createProgress(process.stderr);
  try {
    const report = await runMailSync({
      paths,
      archive: values.archive ?? loadSiteConfig().oasisArchiveRoot,
      ...(values.list === undefined ? {} : { lists: values.list }),
      ...(values.since === undefined ? {} : { since: values.since }),
      dryRun,
      ...(checkpoint === undefined ? {} : { checkpointMs: checkpoint * 1000 }),
      client: {
        ...(concurrency === undefined ? {} : { concurrency: Math.floor(concurrency) }),
        ...(rate === undefined ? {} : { requestsPerSecond: rate }),
        ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
        ...(retries === undefined ? {} : { retries }),
      },
      onEvent: progress.onEvent,
      warn: (message) => {
        progress.clear();
        process.stderr.write(`warning: ${message}\n`);
      },
    });
    progress.clear();
    const render = {
      text: reportText,
      json: reportJson,
      markdown: reportMarkdown,
      github: reportGithub,
    }[format];
    process.stdout.write(render(report, dryRun));
    // A conflict is a finding: the record was left as it is, and a maintainer must look.
    return report.conflicts.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    progress.clear();
    if (!(error instanceof FetchError)) throw error;
    process.stderr.write(
      `error: ${error.message}\nNo erratum was written; what was read is kept in errata/sync/ for the next run.\n`,
    );
    return EXIT_FINDINGS;
  }
}

async function syncGitHub(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      prefer: { type: 'string' },
      'dry-run': { type: 'boolean' },
      format: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const format = parseFormat(values, ['text', 'json']);
  const prefer =
    values.prefer === undefined
      ? undefined
      : oneOf(values.prefer, ['record', 'github'], '--prefer');
  const config = loadSiteConfig();
  const repository =
    values.repo ?? `${config.githubRepository.owner}/${config.githubRepository.name}`;
  if (splitRepository(repository) === undefined) {
    throw new UsageError(`--repo ${repository}: expected owner/name, e.g. --repo oasis-tcs/pkcs11`);
  }
  const dryRun = values['dry-run'] === true;
  const token = process.env.GITHUB_TOKEN;
  if ((token ?? '') === '' && !dryRun) {
    throw new ConfigurationError(
      'GITHUB_TOKEN is not set: the sync writes issues and needs a token with issues: write on the repository (--dry-run works without one on public repositories)',
    );
  }
  try {
    const report = await runGitHubSync({
      paths,
      repository,
      ...(token === undefined || token === '' ? {} : { token }),
      ...(process.env.GITHUB_API_URL === undefined ? {} : { apiUrl: process.env.GITHUB_API_URL }),
      pageUrl: (id) => `${publishedSiteUrl(config)}errata/${id}`,
      upstreamDocuments: UPSTREAM_DOCUMENTS,
      ...(prefer === undefined ? {} : { prefer }),
      dryRun,
    });
    process.stdout.write(format === 'json' ? githubReportJson(report) : githubReportText(report));
    return report.conflicts.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    process.stderr.write(
      `error: ${redactSecrets(error.message, token)}\nNo record was left half-written; run again once GitHub answers.\n`,
    );
    return EXIT_FINDINGS;
  }
}

const [commandArg, ...commandArgs] = process.argv.slice(2);
const helpKey = isCommand(commandArg) ? commandArg : '';

runCli(HELP[helpKey] ?? '', async () => {
  if (commandArg === undefined)
    throw new UsageError(
      'a command is needed: validate, new, screen, list, log, sync-mail or sync-github',
    );
  if (!isCommand(commandArg)) {
    throw new UsageError(`${commandArg} is not a command; expected one of: ${COMMANDS.join(', ')}`);
  }
  switch (commandArg) {
    case 'validate':
      return validate(commandArgs);
    case 'new':
      return create(commandArgs);
    case 'screen':
      return screen(commandArgs);
    case 'list':
      return list(commandArgs);
    case 'log':
      return log(commandArgs);
    case 'sync-mail':
      return syncMail(commandArgs);
    case 'sync-github':
      return syncGitHub(commandArgs);
  }
});
