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
import type { ErrataPaths, Erratum } from '../errata';
import type { ProposalChange } from '../errata/inbox';
import { GitHubError } from '../github';
import {
  findSection,
  openGitHubSource,
  sectionHash,
  UsageGuideSourceError,
  type ContentsClient,
} from '../usage-guide-source';
import { proposeDriftReview } from './drift-proposal';

export { sectionWordDiff } from './section-word-diff';

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

export interface WatchInput {
  octokit: ContentsClient;
  paths: ErrataPaths;
  records: readonly Erratum[];
  documents: Readonly<Record<string, UpstreamDocument>>;
  previous: readonly UpstreamWatch[];
  dryRun: boolean;
}

const MISSING = 'missing';

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

type ChapterSource = ReturnType<typeof openGitHubSource>;

/** One source per repository, ref and folder, so a chapter several errata watch is read once. */
function chapterSources(octokit: ContentsClient) {
  const sources = new Map<string, ChapterSource>();
  return (document: UpstreamDocument, ref: string): ChapterSource => {
    const { owner, name } = document.repository;
    const key = `${owner}/${name}@${ref}:${document.folder}`;
    let source = sources.get(key);
    if (source === undefined) {
      source = openGitHubSource(octokit, { owner, repo: name, ref, folder: document.folder });
      sources.set(key, source);
    }
    return source;
  };
}

/** The section at the commit last seen; a history rewritten upstream leaves nothing to diff. */
async function sectionLastSeen(
  source: ChapterSource,
  document: UpstreamDocument,
): Promise<string | undefined> {
  const old = await source.readChapter(document.chapter).catch((error: unknown) => {
    if (error instanceof UsageGuideSourceError) return undefined;
    throw error;
  });
  return old === undefined ? undefined : locate(old.text, old.label, document)?.text;
}

/** One erratum's section: keep, start or move its watch, and propose a review when it changed. */
async function watchSection(
  input: WatchInput,
  sourceAt: ReturnType<typeof chapterSources>,
  target: { record: Erratum; affected: Erratum['affects'][number]; document: UpstreamDocument },
  before: UpstreamWatch | undefined,
  result: DriftResult,
): Promise<void> {
  const { record, affected, document } = target;
  const key = { erratum: record.id, document: affected.document, section: affected.section };
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
    return;
  }
  const file = `${source.label}/${document.chapter}`;
  if (before !== undefined && before.blobSha === chapter.blobSha) {
    // The same bytes: the section cannot have changed. Keep the commit they were read at.
    result.watches.push(before);
    return;
  }
  const found = locate(chapter.text, chapter.label, document);
  const sectionHash = found?.hash ?? MISSING;
  const watch: UpstreamWatch = { ...key, file, commit, blobSha: chapter.blobSha, sectionHash };
  if (before === undefined || before.sectionHash === watch.sectionHash) {
    // First sight (the baseline), or the file changed elsewhere.
    result.watches.push(watch);
    return;
  }
  const oldSectionText = await sectionLastSeen(sourceAt(document, before.commit), document);
  const evidence = { erratum: record.id, affected, document, chapterPath: chapter.path, file };
  const { proposal, change } = await proposeDriftReview(
    input.paths,
    { ...evidence, commit, found, oldSectionText, before, sectionHash },
    input.dryRun,
  );
  const kind = found === undefined ? 'missing' : 'changed';
  result.findings.push({ ...key, commit, kind, proposal, change });
  result.watches.push(watch);
}

export async function watchUpstream(input: WatchInput): Promise<DriftResult> {
  const previous = new Map(input.previous.map((watch) => [watchKey(watch), watch]));
  const result: DriftResult = { watches: [], findings: [], warnings: [] };
  const sourceAt = chapterSources(input.octokit);
  for (const record of input.records) {
    for (const affected of record.affects) {
      const document = input.documents[affected.document];
      if (document === undefined || document.section !== affected.section) continue;
      const before = previous.get(
        watchKey({ erratum: record.id, document: affected.document, section: affected.section }),
      );
      await watchSection(input, sourceAt, { record, affected, document }, before, result);
    }
  }
  result.watches.sort((a, b) => watchKey(a).localeCompare(watchKey(b)));
  return result;
}
