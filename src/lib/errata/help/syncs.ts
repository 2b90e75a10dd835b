/** The --help texts of `npm run errata -- sync-mail` and `sync-github`. */

export const SYNC_COMMANDS_HELP = {
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
What it has read is kept in errata/sync/mail-state.json, one state per archive root (commit it
with the records; a mail-state.yaml an earlier version kept is read once and replaced), so the
next run asks only for what changed (conditional requests) and
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
};
