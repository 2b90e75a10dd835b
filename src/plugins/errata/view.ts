/**
 * What the errata pages show of a record: plain JSON, with labels resolved and record Markdown
 * already rendered to sanitised hast, so the browser code needs no part of the errata library.
 */
import type { Root } from 'hast';
import {
  documentName,
  lastActivity,
  sectionLabel,
  STATUS_LABELS,
  type Erratum,
  type Status,
} from '../../lib/errata';
import { OASIS_DOCUMENTS } from '../../data/oasis-documents';
import { renderRecordMarkdown } from '../../lib/record-markdown';
import { wordDiff, type DiffSegment } from '../../lib/word-diff';

export interface AffectedView {
  document: string;
  documentTitle: string;
  section: string;
  /** §2.5.2, Appendix B or front matter. */
  sectionLabel: string;
  /** The TC's published HTML of that stage (src/data/oasis-documents.ts), when the table has it. */
  url?: string;
}

export interface ThreadView {
  kind: 'mail' | 'github' | 'audit' | 'upstream';
  label: string;
  url?: string;
  detail: string;
  lastActivity: string;
}

export interface ErratumSummary {
  id: string;
  title: string;
  type: Erratum['type'];
  status: Status;
  statusLabel: string;
  affects: AffectedView[];
  reported: string;
  lastActivity: string;
  permalink: string;
}

/** What the index page receives: the errata, and every value its filters offer. */
export interface ErrataIndexData {
  errata: ErratumSummary[];
  statuses: { value: Status; label: string }[];
  types: Erratum['type'][];
}

export interface ErratumView extends ErratumSummary {
  anchor: string;
  reportedBy: string;
  reportedVia: string;
  summary: Root;
  original: Root;
  proposed?: Root;
  /** Word diff of original → proposed, when both are short single passages. */
  diff?: DiffSegment[];
  /** Pages of this site that carry the evidence. */
  evidence: { title: string; anchor: string }[];
  resolution?: { decision: Root; date: string; where: string };
  history: { date: string; status: Status; statusLabel: string; note?: string }[];
  threads: ThreadView[];
}

function threadView(thread: NonNullable<Erratum['threads']>[number]): ThreadView {
  if (thread.kind === 'mail') {
    return {
      kind: 'mail',
      label: `${thread.list} list: ${thread.subject}`,
      ...(thread.archiveUrl === undefined ? {} : { url: thread.archiveUrl }),
      detail: `${thread.messages} message${thread.messages === 1 ? '' : 's'}`,
      lastActivity: thread.lastActivity,
    };
  }
  if (thread.kind === 'audit') {
    return {
      kind: 'audit',
      label: `guide audit, ${thread.check} check: ${thread.file} line ${thread.line}${thread.commit === undefined ? '' : ` at ${thread.commit.slice(0, 7)}`}`,
      detail: `finding ${thread.key}`,
      lastActivity: thread.found,
    };
  }
  if (thread.kind === 'upstream') {
    return {
      kind: 'upstream',
      label: `${thread.repository} ${thread.path} at ${thread.commit.slice(0, 12)}`,
      url: thread.url,
      detail: `§${thread.section} changed upstream`,
      lastActivity: thread.lastActivity,
    };
  }
  return {
    kind: 'github',
    label: `${thread.repository}#${thread.issue}`,
    url: thread.url,
    detail: `${thread.state}, ${thread.comments} comment${thread.comments === 1 ? '' : 's'}`,
    lastActivity: thread.lastActivity,
  };
}

/**
 * The published HTML of a document stage. The documents table records no per-section anchors of
 * the TC's HTML, so the link opens the document and the label names the section.
 */
function documentUrl(id: string): { url?: string } {
  const document = OASIS_DOCUMENTS.find((candidate) => candidate.id === id);
  return document === undefined ? {} : { url: document.htmlUrl };
}

export function summariseErratum(record: Erratum, permalink: string): ErratumSummary {
  return {
    id: record.id,
    title: record.title,
    type: record.type,
    status: record.status,
    statusLabel: STATUS_LABELS[record.status],
    affects: record.affects.map((affected) => ({
      document: affected.document,
      documentTitle: documentName(affected.document),
      section: affected.section,
      sectionLabel: sectionLabel(affected.section),
      ...documentUrl(affected.document),
    })),
    reported: record.reported.date,
    lastActivity: lastActivity(record),
    permalink,
  };
}

/** Passages of at most this many words, in one paragraph, are shown as a word diff. */
export const SHORT_PASSAGE_WORDS = 80;

function shortPassage(markdown: string): boolean {
  const text = markdown.trim();
  return (
    !/\n\s*\n|^\s*([-*+]|\d+\.)\s/m.test(text) && text.split(/\s+/).length <= SHORT_PASSAGE_WORDS
  );
}

export function viewErratum(record: Erratum, permalink: string): ErratumView {
  const diff =
    record.proposed !== undefined && shortPassage(record.original) && shortPassage(record.proposed)
      ? wordDiff(record.original, record.proposed)
      : undefined;
  return {
    ...summariseErratum(record, permalink),
    anchor: record.anchor,
    reportedBy: record.reported.by,
    reportedVia: record.reported.via,
    summary: renderRecordMarkdown(record.summary),
    original: renderRecordMarkdown(record.original),
    ...(record.proposed === undefined ? {} : { proposed: renderRecordMarkdown(record.proposed) }),
    ...(diff === undefined ? {} : { diff }),
    evidence: (record.evidence ?? []).map(({ title, anchor }) => ({ title, anchor })),
    ...(record.resolution === undefined
      ? {}
      : {
          resolution: {
            decision: renderRecordMarkdown(record.resolution.decision),
            date: record.resolution.date,
            where: record.resolution.where,
          },
        }),
    history: record.history.map((entry) => ({
      date: entry.date,
      status: entry.status,
      statusLabel: STATUS_LABELS[entry.status],
      ...(entry.note === undefined ? {} : { note: entry.note }),
    })),
    threads: (record.threads ?? []).map(threadView),
  };
}
