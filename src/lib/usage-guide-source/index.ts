/**
 * A reader of a TC Usage Guide folder (pandoc Markdown, one file per chapter, `files.txt` listing
 * them): open it locally or on GitHub, list its chapters, read them as checked UTF-8, and find a
 * section by its heading with its level and neighbours checked. Every failure is a
 * UsageGuideSourceError whose message names the file and the fix.
 *
 *   const source = openSource('oasis-tcs/pkcs11@master:working/doc/ug', { octokit });
 *   const chapter = await source.readChapter('General_Overview.md');
 *   const section = findSection(chapter.text, chapter.label, {
 *     heading: 'Applications and processes', level: 3,
 *     previous: 'General Guidance', next: 'Applications and threads',
 *   });
 */
import { UsageGuideSourceError } from './errors';
import {
  openGitHubSource,
  openLocalSource,
  parseSourceSpec,
  type ContentsClient,
  type UsageGuideSource,
} from './source';

export { decodeChapter } from './decode';
export { UsageGuideSourceError, type UsageGuideSourceProblem } from './errors';
export {
  findSection,
  listHeadings,
  sectionHash,
  type Heading,
  type Section,
  type SectionQuery,
} from './section';
export {
  FILES_LIST,
  gitBlobSha,
  openGitHubSource,
  openLocalSource,
  parseFilesList,
  parseSourceSpec,
  type ChapterFile,
  type ContentsClient,
  type SourceLocation,
  type UsageGuideSource,
} from './source';

/**
 * Opens `--source`: a local folder, or `owner/name@ref:folder` through `octokit` (required then).
 */
export function openSource(
  spec: string,
  options: { octokit?: ContentsClient } = {},
): UsageGuideSource {
  const location = parseSourceSpec(spec);
  if (location.kind === 'local') return openLocalSource(location.folder);
  if (options.octokit === undefined) {
    throw new UsageGuideSourceError(
      'bad-spec',
      `${spec} names a GitHub repository, but no GitHub client was given; pass { octokit: createGitHubClient().octokit }`,
    );
  }
  return openGitHubSource(options.octokit, location);
}
