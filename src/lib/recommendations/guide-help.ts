/**
 * The --help text of `npm run guide`: its commands (check, update, upstream-patch, audit,
 * spec-headings) and their options. Kept here so a test can hold it to the list of commands.
 */
import { UPSTREAM_DOCUMENTS } from '../../config';
import { SPEC_HEADINGS_FILE } from '../audit/spec-headings';
import { PROPOSED_TEXT_FILE } from './check';
import { REGISTRY_FILE } from './load';

/** The commands of `npm run guide`, in the order the help lists them. */
export const GUIDE_COMMANDS = [
  'check',
  'update',
  'upstream-patch',
  'audit',
  'spec-headings',
] as const;
export type GuideCommand = (typeof GUIDE_COMMANDS)[number];

export const GUIDE_HELP = `Usage: npm run guide -- <command> [options]

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
