/**
 * The GitHub sync's memory, two files under errata/sync/ committed with the records so a run in a
 * fresh checkout asks only conditional questions:
 * - `github-state.yaml`: per record, its issue and the status, type and state both sides agreed
 *   on after the last run — the baseline that tells a maintainer's change on GitHub from a change
 *   of the record;
 * - `github-cache.json`: the HTTP cache (ETag, Last-Modified, the response) of every read, so the
 *   next run's reads are answered 304, which GitHub does not count against the rate limit.
 * Neither holds the token.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import * as z from 'zod';
import { ConfigurationError } from '../errors';
import {
  loadOptionalYaml,
  STATUSES,
  TYPES,
  YAML_OUTPUT_OPTIONS,
  type ErrataPaths,
} from '../errata';
import type { CachedResponse } from '../github';
import { sortKeysDeep } from '../json';

const Baseline = z.strictObject({
  issue: z.number().int().positive(),
  status: z.enum(STATUSES),
  type: z.enum(TYPES),
  state: z.enum(['open', 'closed']),
});

/** The drift watch's memory of one erratum's section upstream (see upstream-drift.ts). */
const UpstreamWatch = z.strictObject({
  erratum: z.string().regex(/^E-\d{4,}$/),
  document: z.string(),
  section: z.string().regex(/^\d+(\.\d+)*$/),
  file: z.string(),
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  blobSha: z.string().regex(/^[0-9a-f]{40}$/),
  sectionHash: z.string().regex(/^([0-9a-f]{64}|missing)$/),
});

export const GitHubSyncState = z.strictObject({
  repository: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  records: z.record(z.string().regex(/^E-\d{4,}$/), Baseline),
  upstream: z.array(UpstreamWatch).optional(),
});
export type GitHubSyncState = z.infer<typeof GitHubSyncState>;

export function githubSyncFiles(paths: ErrataPaths): { stateFile: string; cacheFile: string } {
  const dir = path.join(paths.errataDir, 'sync');
  return {
    stateFile: path.join(dir, 'github-state.yaml'),
    cacheFile: path.join(dir, 'github-cache.json'),
  };
}

const HEADER = `# Written by npm run errata -- sync-github; do not edit. For each record, its issue and the status,
# type and state both sides agreed on after the last run: a later difference on GitHub is a
# maintainer's change there (a conflict), a difference in the record is pushed. \`upstream\`: per
# erratum section the TC keeps on GitHub, the chapter's blob SHA and the section's hash last seen.
`;

export function serialiseGitHubState(state: GitHubSyncState): string {
  const records = Object.fromEntries(
    Object.entries(state.records).sort(([a], [b]) => a.localeCompare(b)),
  );
  return (
    HEADER +
    stringify(
      {
        repository: state.repository,
        records,
        ...(state.upstream === undefined ? {} : { upstream: state.upstream }),
      },
      YAML_OUTPUT_OPTIONS,
    )
  );
}

export async function loadGitHubState(
  file: string,
  shownAs: string,
): Promise<GitHubSyncState | undefined> {
  const loaded = await loadOptionalYaml(file, shownAs, GitHubSyncState, {
    fix: 'fix or delete it (the next run then takes the records as agreed)',
  });
  return loaded?.value;
}

export function serialiseCache(entries: Record<string, CachedResponse>): string {
  return `${JSON.stringify(sortKeysDeep(entries), null, 2)}\n`;
}

export async function loadCache(
  file: string,
  shownAs: string,
): Promise<Record<string, CachedResponse>> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return {};
  try {
    const data: unknown = JSON.parse(text);
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      throw new Error('not an object');
    return data as Record<string, CachedResponse>;
  } catch (error) {
    throw new ConfigurationError(
      `${shownAs} is not a valid cache (${(error as Error).message}); delete it and run again`,
    );
  }
}
