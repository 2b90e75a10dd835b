/**
 * `upstream-patch`: the proposed text as one unified diff against the TC's Usage Guide sources —
 * the section's body in its chapter replaced, a row added to the revision table, every other byte
 * of both files left as it was.
 */
import type { UpstreamDocument } from '../../config';
import {
  findSection,
  sectionHash,
  UsageGuideSourceError,
  type UsageGuideSource,
} from '../usage-guide-source';
import { convertProposedText } from './convert';
import { unifiedDiff } from './diff';
import { addRevisionRow, type RevisionRow } from './revision';

export interface UpstreamPatchOptions {
  source: UsageGuideSource;
  document: UpstreamDocument;
  /** The text of docs/guide/proposed-text.md. */
  proposedPage: string;
  /** The revision row's date. */
  date: Date;
  editor: string;
  /** The site's public URL: links to it become plain prose. */
  siteUrl?: string;
  /**
   * Folder the diff's paths start with, relative to the repository root; default the document's
   * folder (`working/doc/ug`), so `git apply` works at the root of a checkout of the TC repository.
   */
  pathPrefix?: string;
}

export interface PatchedFile {
  /** Path in the diff. */
  path: string;
  before: string;
  after: string;
  /** Git blob SHA of `before`. */
  blobSha: string;
}

export interface UpstreamPatch {
  source: string;
  /** The commit the files were read at (GitHub sources). */
  commit: string | undefined;
  section: {
    file: string;
    heading: string;
    level: number;
    line: number;
    /** SHA-256 of the section as it is upstream (heading line and body). */
    hash: string;
  };
  /** The converted section body, as it appears in the patched chapter. */
  markdown: string;
  revision: RevisionRow;
  files: PatchedFile[];
  /** Both files' diffs, chapter first; empty when the chapter already holds the text. */
  patch: string;
}

function join(prefix: string, name: string): string {
  const folder = prefix.replace(/^\/+|\/+$/g, '');
  return folder === '' ? name : `${folder}/${name}`;
}

/** Builds the patch; throws UsageGuideSourceError (source problems) or ConversionError. */
export async function buildUpstreamPatch(options: UpstreamPatchOptions): Promise<UpstreamPatch> {
  const { source, document } = options;
  const chapters = await source.chapters();
  for (const name of [document.chapter, document.revisionHistory]) {
    if (!chapters.includes(name)) {
      throw new UsageGuideSourceError(
        'missing-file',
        `${source.label}/files.txt does not list ${name}; expected it among: ${chapters.join(', ')}`,
        { file: `${source.label}/files.txt` },
      );
    }
  }
  const chapter = await source.readChapter(document.chapter);
  const history = await source.readChapter(document.revisionHistory);
  const section = findSection(chapter.text, chapter.label, {
    heading: document.heading,
    level: document.level,
    previous: document.previous,
    next: document.next,
  });
  const converted = convertProposedText(options.proposedPage, {
    targetLevel: document.level,
    ...(options.siteUrl === undefined ? {} : { siteUrl: options.siteUrl }),
  });
  // Keep the blank lines the TC had around the body: only the words change.
  const leading = /^\s*/.exec(section.body)?.[0] ?? '';
  const trailing = /\s*$/.exec(section.body)?.[0] ?? '';
  const body = `${leading === '' ? '\n' : leading}${converted.trim()}${trailing === '' ? '\n' : trailing}`;
  const chapterAfter =
    chapter.text.slice(0, section.bodyStart) + body + chapter.text.slice(section.bodyEnd);
  const unchanged = chapterAfter === chapter.text;
  const revision = addRevisionRow(history.text, history.label, {
    date: options.date,
    editor: options.editor,
    summary: document.revisionSummary,
  });
  const prefix = options.pathPrefix ?? document.folder;
  const files: PatchedFile[] = [
    {
      path: join(prefix, document.chapter),
      before: chapter.text,
      after: chapterAfter,
      blobSha: chapter.blobSha,
    },
    {
      path: join(prefix, document.revisionHistory),
      before: history.text,
      // A chapter that already holds the text needs no new revision either.
      after: unchanged ? history.text : revision.text,
      blobSha: history.blobSha,
    },
  ];
  return {
    source: source.label,
    commit: await source.commit(),
    section: {
      file: chapter.label,
      heading: document.heading,
      level: document.level,
      line: section.heading.line,
      hash: sectionHash(chapter.text, section),
    },
    markdown: body.trim() + '\n',
    revision: revision.row,
    files,
    patch: files.map((file) => unifiedDiff(file.path, file.before, file.after)).join(''),
  };
}
