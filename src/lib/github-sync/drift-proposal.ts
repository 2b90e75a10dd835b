/**
 * The inbox proposal the drift watch writes when a watched section changed or vanished upstream:
 * an `upstream` thread naming the commit, a title and summary that ask a maintainer to review the
 * erratum, and the section's word diff. Proposed once per commit (the thread is the proposal's key).
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
import { sectionWordDiff } from './section-word-diff';

/** What the watch saw: the section before and now, and where. */
export interface DriftEvidence {
  erratum: string;
  affected: Erratum['affects'][number];
  document: UpstreamDocument;
  /** The chapter's path in the TC's repository, and `owner/name@ref:path` of it. */
  chapterPath: string;
  file: string;
  commit: string;
  /** The section now; undefined when it can no longer be found. */
  found: { text: string; hash: string } | undefined;
  /** The section at the commit last seen; undefined when that chapter is gone or lacks it. */
  oldSectionText: string | undefined;
  before: { commit: string; sectionHash: string };
  sectionHash: string;
}

function summaryOf(evidence: DriftEvidence, commitUrl: string): string {
  const { erratum, document, found, before } = evidence;
  const diff = sectionWordDiff(evidence.oldSectionText ?? '', found?.text ?? '');
  return [
    `${evidence.file} changed at ${commitUrl}:`,
    found === undefined
      ? `the heading "${'#'.repeat(document.level)} ${document.heading}" is no longer there.`
      : `the section's hash went from ${before.sectionHash.slice(0, 12)} to ${evidence.sectionHash.slice(0, 12)}.`,
    `Word diff against ${before.commit.slice(0, 12)} ([-removed-] {+added+}):`,
    '',
    diff === '' ? '(no words changed; only spacing)' : diff,
    '',
    `Screen this proposal: if the change resolves ${erratum}, update that record (status, resolution); then delete this file or ignore it (npm run errata -- screen). The sync never edits ${erratum} itself.`,
  ].join('\n');
}

/** Writes (or, in a dry run, only compares) the proposal; returns its key and what changed. */
export async function proposeDriftReview(
  paths: ErrataPaths,
  evidence: DriftEvidence,
  dryRun: boolean,
): Promise<{ proposal: string; change: ProposalChange }> {
  const { erratum, affected, document, commit, found } = evidence;
  const { owner, name } = document.repository;
  const commitUrl = `https://github.com/${owner}/${name}/commit/${commit}`;
  const thread: UpstreamThread = {
    kind: 'upstream',
    erratum,
    repository: `${owner}/${name}`,
    path: evidence.chapterPath,
    section: affected.section,
    commit,
    url: commitUrl,
    lastActivity: today(),
  };
  const proposal = sourceKey(thread);
  const short = commit.slice(0, 12);
  const title =
    found === undefined
      ? `upstream removed or renamed §${affected.section} "${document.heading}" in ${short}: review whether ${erratum} is resolved`
      : `upstream changed §${affected.section} in ${short}: review whether ${erratum} is resolved`;
  const change = await syncProposal(
    paths,
    proposal,
    {
      title,
      reported: { date: today(), by: 'GitHub sync (upstream drift watch)', via: 'GitHub' },
      summary: summaryOf(evidence, commitUrl),
      affects: [affected],
      threads: [thread],
    },
    { dryRun },
  );
  return { proposal, change };
}
