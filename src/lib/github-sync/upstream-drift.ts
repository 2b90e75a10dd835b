/**
 * The upstream drift watch of the GitHub sync: for each erratum whose `affects` names a document
 * and section the TC keeps on GitHub (`UPSTREAM_DOCUMENTS` in src/config.ts), remember the blob
 * SHA of the chapter file and a hash of the section; when the section changes upstream, or can no
 * longer be found, propose once in errata/inbox/ that a maintainer review whether the erratum is
 * resolved, with the section's word-level diff. The records themselves are never written.
 *
 * Reads go through the sync's client and its ETag cache: the branch's commit and the chapter at
 * that commit, so a run with nothing new upstream is answered 304 throughout. Only a changed
 * section costs one more read, the chapter at the commit last seen, for the diff.
 */
import type { UpstreamDocument } from '../../config';
import {
  sourceKey,
  syncProposal,
  today,
  type ErrataPaths,
  type Erratum,
  type UpstreamThread,
} from '../errata';
import type { ProposalChange } from '../errata/inbox';
import {
  findSection,
  openGitHubSource,
  sectionHash,
  UsageGuideSourceError,
  type ContentsClient,
} from '../usage-guide-source';
import { GitHubError } from '../github';
import { wordDiff, type DiffSegment } from '../word-diff';

/** What the sync state keeps per watched erratum section. */
export interface UpstreamWatch {
  erratum: string;
  document: string;
  section: string;
  /** `owner/name@ref:path` of the chapter file. */
  file: string;
  /** The commit the file was last read at. */
  commit: string;
  blobSha: string;
  /** SHA-256 of the section (heading line and body), or `missing` when it could not be found. */
  sectionHash: string;
}

export interface DriftFinding {
  erratum: string;
  document: string;
  section: string;
  commit: string;
  kind: 'changed' | 'missing';
  proposal: string;
  change: ProposalChange;
}

export interface DriftResult {
  watches: UpstreamWatch[];
  findings: DriftFinding[];
  warnings: string[];
}

const MISSING = 'missing';
/** Unchanged words kept around each change in the proposal's diff: enough to place it. */
const CONTEXT_WORDS = 8;

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

/**
 * The word diff of two sections in git's `--word-diff=plain` notation (`[-old-]{+new+}`), long
 * unchanged stretches shortened to `…`. The common start and end are set aside first, so a long
 * section with a small change stays within the word-diff library's size bound.
 */
export function sectionWordDiff(before: string, after: string): string {
  const a = words(before);
  const b = words(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const middle: DiffSegment[] = wordDiff(
    a.slice(head, a.length - tail).join(' '),
    b.slice(head, b.length - tail).join(' '),
  ) ?? [
    { kind: 'removed', text: a.slice(head, a.length - tail).join(' ') },
    { kind: 'added', text: b.slice(head, b.length - tail).join(' ') },
  ];
  const start: DiffSegment = { kind: 'same', text: a.slice(0, head).join(' ') };
  const end: DiffSegment = { kind: 'same', text: a.slice(a.length - tail).join(' ') };
  const segments = [start, ...middle, end].filter((segment) => segment.text !== '');
  return segments
    .map((segment, index) => {
      if (segment.kind === 'removed') return `[-${segment.text}-]`;
      if (segment.kind === 'added') return `{+${segment.text}+}`;
      const list = words(segment.text);
      const first = index === 0;
      const last = index === segments.length - 1;
      if (list.length <= CONTEXT_WORDS * 2) return segment.text;
      if (first) return `… ${list.slice(-CONTEXT_WORDS).join(' ')}`;
      if (last) return `${list.slice(0, CONTEXT_WORDS).join(' ')} …`;
      return `${list.slice(0, CONTEXT_WORDS).join(' ')} … ${list.slice(-CONTEXT_WORDS).join(' ')}`;
    })
    .join(' ');
}

function watchKey(watch: Pick<UpstreamWatch, 'erratum' | 'document' | 'section'>): string {
  return `${watch.erratum} ${watch.document} ${watch.section}`;
}

/** The section's text and hash in a chapter, or undefined when it cannot be found. */
function locate(
  text: string,
  label: string,
  document: UpstreamDocument,
): { text: string; hash: string } | undefined {
  try {
    // Heading and level only: a reorganised neighbourhood is not a change of the section.
    const section = findSection(text, label, { heading: document.heading, level: document.level });
    return {
      text: text.slice(section.heading.start, section.bodyEnd),
      hash: sectionHash(text, section),
    };
  } catch (error) {
    if (error instanceof UsageGuideSourceError) return undefined;
    throw error;
  }
}

export async function watchUpstream(input: {
  octokit: ContentsClient;
  paths: ErrataPaths;
  records: readonly Erratum[];
  documents: Readonly<Record<string, UpstreamDocument>>;
  previous: readonly UpstreamWatch[];
  dryRun: boolean;
}): Promise<DriftResult> {
  const previous = new Map(input.previous.map((watch) => [watchKey(watch), watch]));
  const result: DriftResult = { watches: [], findings: [], warnings: [] };
  const sources = new Map<string, ReturnType<typeof openGitHubSource>>();
  const sourceAt = (document: UpstreamDocument, ref: string) => {
    const { owner, name } = document.repository;
    const key = `${owner}/${name}@${ref}:${document.folder}`;
    let source = sources.get(key);
    if (source === undefined) {
      source = openGitHubSource(input.octokit, {
        owner,
        repo: name,
        ref,
        folder: document.folder,
      });
      sources.set(key, source);
    }
    return source;
  };

  for (const record of input.records) {
    for (const affected of record.affects) {
      const document = input.documents[affected.document];
      if (document === undefined || document.section !== affected.section) continue;
      const key = { erratum: record.id, document: affected.document, section: affected.section };
      const before = previous.get(watchKey(key));
      const source = sourceAt(document, document.ref);
      let chapter;
      let commit;
      try {
        chapter = await source.readChapter(document.chapter);
        commit = (await source.commit()) ?? '';
      } catch (error) {
        // The TC's repository out of reach says nothing about the section: keep what was known.
        if (!(error instanceof UsageGuideSourceError || error instanceof GitHubError)) throw error;
        result.warnings.push(
          `upstream watch of ${record.id} (§${affected.section} of ${affected.document}) skipped: ${error.message}`,
        );
        if (before !== undefined) result.watches.push(before);
        continue;
      }
      const file = `${source.label}/${document.chapter}`;
      if (before !== undefined && before.blobSha === chapter.blobSha) {
        // The same bytes: the section cannot have changed. Keep the commit they were read at.
        result.watches.push(before);
        continue;
      }
      const found = locate(chapter.text, chapter.label, document);
      const watch: UpstreamWatch = {
        ...key,
        file,
        commit,
        blobSha: chapter.blobSha,
        sectionHash: found?.hash ?? MISSING,
      };
      if (before === undefined || before.sectionHash === watch.sectionHash) {
        // First sight (the baseline), or the file changed elsewhere.
        result.watches.push(watch);
        continue;
      }
      // The chapter as last seen, for the diff; a history rewritten upstream leaves nothing to diff.
      const old = await sourceAt(document, before.commit)
        .readChapter(document.chapter)
        .catch((error: unknown) => {
          if (error instanceof UsageGuideSourceError) return undefined;
          throw error;
        });
      const oldSection = old === undefined ? undefined : locate(old.text, old.label, document);
      const short = commit.slice(0, 12);
      const diff = sectionWordDiff(oldSection?.text ?? '', found?.text ?? '');
      const { owner, name } = document.repository;
      const commitUrl = `https://github.com/${owner}/${name}/commit/${commit}`;
      const thread: UpstreamThread = {
        kind: 'upstream',
        erratum: record.id,
        repository: `${owner}/${name}`,
        path: chapter.path,
        section: affected.section,
        commit,
        url: commitUrl,
        lastActivity: today(),
      };
      const proposalKey = sourceKey(thread);
      const title =
        found === undefined
          ? `upstream removed or renamed §${affected.section} "${document.heading}" in ${short}: review whether ${record.id} is resolved`
          : `upstream changed §${affected.section} in ${short}: review whether ${record.id} is resolved`;
      const summary = [
        `${file} changed at ${commitUrl}:`,
        found === undefined
          ? `the heading "${'#'.repeat(document.level)} ${document.heading}" is no longer there.`
          : `the section's hash went from ${before.sectionHash.slice(0, 12)} to ${watch.sectionHash.slice(0, 12)}.`,
        `Word diff against ${before.commit.slice(0, 12)} ([-removed-] {+added+}):`,
        '',
        diff === '' ? '(no words changed; only spacing)' : diff,
        '',
        `Screen this proposal: if the change resolves ${record.id}, update that record (status, resolution); then delete this file or ignore it (npm run errata -- screen). The sync never edits ${record.id} itself.`,
      ].join('\n');
      const change = await syncProposal(
        input.paths,
        proposalKey,
        {
          title,
          reported: { date: today(), by: 'GitHub sync (upstream drift watch)', via: 'GitHub' },
          summary,
          affects: [affected],
          threads: [thread],
        },
        { dryRun: input.dryRun },
      );
      result.findings.push({
        ...key,
        commit,
        kind: found === undefined ? 'missing' : 'changed',
        proposal: proposalKey,
        change,
      });
      result.watches.push(watch);
    }
  }
  result.watches.sort((a, b) => watchKey(a).localeCompare(watchKey(b)));
  return result;
}
