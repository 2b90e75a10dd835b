/**
 * One GitHub sync run: read the records and the issues labelled `erratum` (conditionally, through
 * the client's ETag cache), plan, push what differs, take the issues back into the records' `github`
 * thread entries, propose unclaimed issues to the inbox, and save the baseline and the cache.
 * A dry run reads and plans, prints the write requests it would send, and writes nothing anywhere.
 * After any write the issues are listed again, so the cache holds what GitHub now says and the next
 * run with nothing new is answered 304 throughout.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { UpstreamDocument } from '../../config';
import {
  displayPath,
  loadErrataSetForSync,
  proposalPath,
  writeFileIfChanged,
  type ErrataPaths,
  type Erratum,
} from '../errata';
import {
  createGitHubClient,
  MemoryHttpCache,
  type GitHubClientOptions,
  type GitHubEvent,
  type GitHubOctokit,
} from '../github';
import { listErratumIssues, pushActions, requestOf, type IssueRepository } from './issues-api';
import { planGitHubSync, type Prefer } from './plan';
import { applyRecordChanges, pullIssuesIntoRecords } from './pull-issues';
import type { FileChange, GitHubSyncReport } from './report';
import {
  githubSyncFiles,
  loadCache,
  loadGitHubState,
  serialiseCache,
  serialiseGitHubState,
  type GitHubSyncState,
} from './state';
import { proposeUnclaimedIssues } from './unclaimed-issues';
import { watchUpstream, type DriftResult } from './upstream-drift';

export interface GitHubSyncOptions {
  paths: ErrataPaths;
  /** `owner/name` */
  repository: string;
  token?: string;
  /** GitHub's API root (GitHub Actions sets GITHUB_API_URL); default https://api.github.com */
  apiUrl?: string;
  /** Where an erratum's page lives, for the issue body. */
  pageUrl: (id: string) => string;
  prefer?: Prefer;
  dryRun?: boolean;
  onEvent?: (event: GitHubEvent) => void;
  /**
   * Where the TC keeps the documents errata affect (UPSTREAM_DOCUMENTS of src/config.ts, as the
   * CLI passes it), for the drift watch; default none, which turns the watch off.
   */
  upstreamDocuments?: Readonly<Record<string, UpstreamDocument>>;
  /** Client settings beyond the defaults (tests shorten the pause GitHub asks between writes). */
  client?: Pick<
    GitHubClientOptions,
    'minWriteIntervalMs' | 'retries' | 'rateLimitRetries' | 'retryBaseDelayMs'
  >;
}

/** The sync's memory as loaded: the baseline, the HTTP cache, and where both are saved. */
interface SyncMemory {
  state: GitHubSyncState;
  /** No state file yet: saving it creates it. */
  firstRun: boolean;
  cache: MemoryHttpCache;
  stateFile: string;
  cacheFile: string;
}

async function loadSyncMemory(paths: ErrataPaths, repository: string): Promise<SyncMemory> {
  const { stateFile, cacheFile } = githubSyncFiles(paths);
  const loaded = await loadGitHubState(stateFile, displayPath(paths, stateFile));
  // The drift watch's memory is about the TC's repository, not the issues': it survives a --repo.
  const state: GitHubSyncState =
    loaded?.repository.toLowerCase() === repository.toLowerCase()
      ? loaded
      : {
          repository,
          records: {},
          ...(loaded?.upstream === undefined ? {} : { upstream: loaded.upstream }),
        };
  const cache = new MemoryHttpCache(await loadCache(cacheFile, displayPath(paths, cacheFile)));
  return { state, firstRun: loaded === undefined, cache, stateFile, cacheFile };
}

async function saveSyncMemory(
  paths: ErrataPaths,
  memory: SyncMemory,
  changes: FileChange[],
): Promise<void> {
  const { stateFile, cacheFile } = memory;
  await mkdir(path.dirname(stateFile), { recursive: true });
  if (await writeFileIfChanged(stateFile, serialiseGitHubState(memory.state))) {
    changes.push({
      file: displayPath(paths, stateFile),
      kind: memory.firstRun ? 'created' : 'updated',
    });
  }
  if (await writeFileIfChanged(cacheFile, serialiseCache(memory.cache.toJSON()))) {
    changes.push({ file: displayPath(paths, cacheFile), kind: 'updated' });
  }
}

/** The drift watch reads the TC's sources through the same cache; it writes only proposals. */
async function watchDrift(
  octokit: GitHubOctokit,
  options: GitHubSyncOptions,
  records: readonly Erratum[],
  state: GitHubSyncState,
  changes: FileChange[],
): Promise<DriftResult> {
  const { paths } = options;
  const drift = await watchUpstream({
    octokit,
    paths,
    records,
    documents: options.upstreamDocuments ?? {},
    previous: state.upstream ?? [],
    dryRun: options.dryRun === true,
  });
  for (const finding of drift.findings) {
    if (finding.change !== 'unchanged')
      changes.push({
        file: displayPath(paths, proposalPath(paths, finding.proposal)),
        kind: finding.change,
      });
  }
  if (drift.watches.length > 0 || state.upstream !== undefined) state.upstream = drift.watches;
  return drift;
}

export async function runGitHubSync(options: GitHubSyncOptions): Promise<GitHubSyncReport> {
  const { paths, repository } = options;
  const [owner = '', repo = ''] = repository.split('/');
  const changes: FileChange[] = [];
  const set = await loadErrataSetForSync(paths);
  const memory = await loadSyncMemory(paths, repository);
  const client = createGitHubClient({
    ...options.client,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl }),
    cache: memory.cache,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const target: IssueRepository = { octokit: client.octokit, owner, repo };

  let issues = await listErratumIssues(target);
  const records = set.records.flatMap((file) =>
    file.value === undefined ? [] : [{ file, value: file.value }],
  );
  const plan = planGitHubSync({
    records: records.map((record) => record.value),
    issues,
    baseline: memory.state.records,
    ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
    pageUrl: options.pageUrl,
  });
  const values = records.map((record) => record.value);
  const drift = await watchDrift(client.octokit, options, values, memory.state, changes);
  const report = (): GitHubSyncReport => ({
    dryRun: options.dryRun === true,
    requests: plan.actions.map((action) => requestOf(action, repository)),
    conflicts: plan.conflicts,
    changes,
    drift: drift.findings,
    warnings: [...plan.warnings, ...drift.warnings],
    stats: client.stats,
  });
  if (options.dryRun === true) return report();

  const issueOf = new Map(plan.issueOf);
  await pushActions(target, plan.actions, issueOf);
  await applyRecordChanges(paths, records, plan, changes);
  if (plan.actions.length > 0) issues = await listErratumIssues(target);
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  const claimed = await pullIssuesIntoRecords({
    paths,
    target,
    repository,
    records,
    plan,
    issueOf,
    byNumber,
    state: memory.state,
    changes,
  });
  await proposeUnclaimedIssues({
    paths,
    repository,
    records,
    ignored: set.ignored,
    unclaimed: plan.unclaimed,
    byNumber,
    claimed,
    changes,
  });
  await saveSyncMemory(paths, memory, changes);
  return report();
}
