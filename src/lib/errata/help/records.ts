/**
 * The --help texts of `npm run errata` and of its commands that keep the records (validate, new,
 * screen, list, log); the syncs' are in syncs.ts. Kept here, beside what they describe, so a test
 * can hold the overview to the list of commands.
 */
import { DOCUMENT_IDS, STATUSES, TYPES } from '../schema';

/** The closing lines every errata command's help ends with. */
export const COMMON = `Run from the repository root: records are errata/*.yaml, proposals errata/inbox/*.yaml,
anchors are checked against the headings of docs/.
Exit status: 0 ok; 1 findings (invalid files); 2 usage or set-up error.`;

export const OVERVIEW_HELP = `Usage: npm run errata -- <command> [options]

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
`;

export const RECORD_COMMANDS_HELP = {
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
