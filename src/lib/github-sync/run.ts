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
import { withoutAddresses } from '../privacy';
import {
  applyStatusChange,
  displayPath,
  loadErrataSetForSync,
  proposalPath,
  sourceKey,
  syncProposal,
  today,
  updateSyncOwnedFields,
  writeFileIfChanged,
  type ErrataPaths,
  type GitHubThread,
  type Thread,
} from '../errata';
import {
  createGitHubClient,
  MemoryHttpCache,
  type GitHubClientOptions,
  type GitHubClientStats,
  type GitHubEvent,
} from '../github';
import {
  planGitHubSync,
  threadEntry,
  type Action,
  type Conflict,
  type IssueView,
  type Prefer,
} from './plan';
import {
  githubSyncFiles,
  loadCache,
  loadGitHubState,
  serialiseCache,
  serialiseGitHubState,
  type GitHubSyncState,
} from './state';
import { watchUpstream, type DriftFinding } from './upstream-drift';

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

export interface PlannedRequest {
  method: 'POST' | 'PATCH';
  path: string;
  id: string;
  fields: string[];
}

export interface GitHubSyncReport {
  dryRun: boolean;
  requests: PlannedRequest[];
  conflicts: Conflict[];
  changes: { file: string; kind: 'created' | 'updated' }[];
  /** Sections that changed upstream, each proposed once in errata/inbox/. */
  drift: DriftFinding[];
  warnings: string[];
  stats: GitHubClientStats;
}

interface RawLabel {
  name?: string;
}
interface RawIssue {
  number: number;
  title: string;
  body?: string | null;
  labels: (string | RawLabel)[];
  state: string;
  comments: number;
  created_at: string;
  updated_at: string;
  html_url: string;
  user?: { login?: string } | null;
  pull_request?: unknown;
}

function view(issue: RawIssue): IssueView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? null,
    labels: issue.labels
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((l) => l !== ''),
    state: issue.state === 'closed' ? 'closed' : 'open',
    comments: issue.comments,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    url: issue.html_url,
    ...(issue.user?.login === undefined ? {} : { author: issue.user.login }),
  };
}

function requestOf(action: Action, repository: string): PlannedRequest {
  return action.kind === 'create'
    ? {
        method: 'POST',
        path: `/repos/${repository}/issues`,
        id: action.id,
        fields: ['title', 'body', 'labels'],
      }
    : {
        method: 'PATCH',
        path: `/repos/${repository}/issues/${action.issue}`,
        id: action.id,
        fields: Object.keys(action.patch),
      };
}

function withThread(threads: readonly Thread[], entry: GitHubThread): Thread[] {
  const index = threads.findIndex(
    (thread) =>
      thread.kind === 'github' &&
      thread.repository.toLowerCase() === entry.repository.toLowerCase() &&
      thread.issue === entry.issue,
  );
  if (index < 0) return [...threads, entry];
  return threads.map((thread, i) => (i === index ? entry : thread));
}

export async function runGitHubSync(options: GitHubSyncOptions): Promise<GitHubSyncReport> {
  const { paths, repository } = options;
  const [owner = '', repo = ''] = repository.split('/');
  const dryRun = options.dryRun === true;
  const warnings: string[] = [];
  const changes: GitHubSyncReport['changes'] = [];

  const set = await loadErrataSetForSync(paths);
  const { stateFile, cacheFile } = githubSyncFiles(paths);
  const loadedState = await loadGitHubState(stateFile, displayPath(paths, stateFile));
  // The drift watch's memory is about the TC's repository, not the issues': it survives a --repo.
  const state: GitHubSyncState =
    loadedState?.repository.toLowerCase() === repository.toLowerCase()
      ? loadedState
      : {
          repository,
          records: {},
          ...(loadedState?.upstream === undefined ? {} : { upstream: loadedState.upstream }),
        };
  const cache = new MemoryHttpCache(await loadCache(cacheFile, displayPath(paths, cacheFile)));
  const client = createGitHubClient({
    ...options.client,
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.apiUrl === undefined ? {} : { baseUrl: options.apiUrl }),
    cache,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const { octokit } = client;

  const listIssues = async (): Promise<IssueView[]> => {
    const issues = (await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner,
      repo,
      labels: 'erratum',
      state: 'all',
      per_page: 100,
    })) as RawIssue[];
    return issues.filter((issue) => issue.pull_request === undefined).map(view);
  };

  let issues = await listIssues();
  const records = set.records.flatMap((file) =>
    file.value === undefined ? [] : [{ file, value: file.value }],
  );
  const plan = planGitHubSync({
    records: records.map((record) => record.value),
    issues,
    baseline: state.records,
    ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
    pageUrl: options.pageUrl,
  });
  warnings.push(...plan.warnings);
  const requests = plan.actions.map((action) => requestOf(action, repository));

  // The drift watch reads the TC's sources through the same cache; it writes only proposals.
  const drift = await watchUpstream({
    octokit,
    paths,
    records: records.map((record) => record.value),
    documents: options.upstreamDocuments ?? {},
    previous: state.upstream ?? [],
    dryRun,
  });
  warnings.push(...drift.warnings);
  for (const finding of drift.findings) {
    if (finding.change !== 'unchanged')
      changes.push({
        file: displayPath(paths, proposalPath(paths, finding.proposal)),
        kind: finding.change,
      });
  }
  if (drift.watches.length > 0 || state.upstream !== undefined) state.upstream = drift.watches;
  if (dryRun) {
    return {
      dryRun,
      requests,
      conflicts: plan.conflicts,
      changes,
      drift: drift.findings,
      warnings,
      stats: client.stats,
    };
  }

  // Push: one request per action (a created issue that must be closed needs a second).
  const issueOf = new Map(plan.issueOf);
  for (const action of plan.actions) {
    if (action.kind === 'create') {
      const created = await octokit.rest.issues.create({
        owner,
        repo,
        title: action.title,
        body: action.body,
        labels: action.labels,
      });
      issueOf.set(action.id, created.data.number);
      if (action.state === 'closed') {
        await octokit.rest.issues.update({
          owner,
          repo,
          issue_number: created.data.number,
          state: 'closed',
        });
      }
    } else {
      await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: action.issue,
        ...action.patch,
      });
    }
  }
  const byFile = new Map(records.map((record) => [record.value.id, record.file.path]));
  const date = today();
  for (const change of plan.recordChanges) {
    const file = byFile.get(change.id);
    if (file === undefined) continue;
    const result = await applyStatusChange(paths, file, { ...change, date });
    if (result.changed) changes.push({ file: displayPath(paths, file), kind: 'updated' });
  }
  if (plan.actions.length > 0) issues = await listIssues();
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));

  // Pull: each record's github entry from its issue as it is now, with the linked pull requests.
  const linkedPullRequests = async (issue: number): Promise<string[]> => {
    const events = (await octokit.paginate(octokit.rest.issues.listEventsForTimeline, {
      owner,
      repo,
      issue_number: issue,
      per_page: 100,
    })) as { event?: string; source?: { issue?: { html_url?: string; pull_request?: unknown } } }[];
    return events.flatMap((event) =>
      event.event === 'cross-referenced' &&
      event.source?.issue?.pull_request !== undefined &&
      event.source.issue.html_url !== undefined
        ? [event.source.issue.html_url]
        : [],
    );
  };
  const unresolved = new Set(plan.conflicts.map((conflict) => conflict.id));
  const claimed = new Set<number>();
  for (const { file, value } of records) {
    const number = issueOf.get(value.id);
    const issue = number === undefined ? undefined : byNumber.get(number);
    if (issue === undefined) continue;
    claimed.add(issue.number);
    const entry = threadEntry(repository, issue, await linkedPullRequests(issue.number));
    const result = await updateSyncOwnedFields(paths, file.path, {
      threads: withThread(value.threads ?? [], entry),
    });
    if (result.changed && !changes.some((c) => c.file === displayPath(paths, file.path))) {
      changes.push({ file: displayPath(paths, file.path), kind: 'updated' });
    }
    if (!unresolved.has(value.id)) {
      const change = plan.recordChanges.find((c) => c.id === value.id);
      state.records[value.id] = {
        issue: issue.number,
        status: change?.status ?? value.status,
        type: change?.type ?? value.type,
        state: issue.state,
      };
    }
  }

  // Issues labelled erratum that no record claims become proposals (unless screened out).
  const citedByRecords = new Set(
    records.flatMap(({ value }) =>
      (value.threads ?? []).flatMap((thread) =>
        thread.kind === 'github' && thread.repository.toLowerCase() === repository.toLowerCase()
          ? [thread.issue]
          : [],
      ),
    ),
  );
  const ignored = new Set(set.ignored?.value?.ignored.map((entry) => entry.key) ?? []);
  for (const unclaimed of plan.unclaimed) {
    const issue = byNumber.get(unclaimed.number) ?? unclaimed;
    if (claimed.has(issue.number) || citedByRecords.has(issue.number)) continue;
    const entry = threadEntry(repository, issue, []);
    const key = sourceKey(entry);
    if (ignored.has(key)) continue;
    const kind = await syncProposal(paths, key, {
      // Names only: an address in an issue title must not reach errata/.
      title: withoutAddresses(issue.title).trim() || `GitHub issue #${issue.number}`,
      reported: {
        date: issue.createdAt.slice(0, 10),
        by: issue.author ?? 'unknown',
        via: 'GitHub',
      },
      threads: [entry],
    });
    if (kind !== 'unchanged')
      changes.push({ file: displayPath(paths, proposalPath(paths, key)), kind });
  }

  await mkdir(path.dirname(stateFile), { recursive: true });
  if (await writeFileIfChanged(stateFile, serialiseGitHubState(state))) {
    changes.push({
      file: displayPath(paths, stateFile),
      kind: loadedState === undefined ? 'created' : 'updated',
    });
  }
  if (await writeFileIfChanged(cacheFile, serialiseCache(cache.toJSON()))) {
    changes.push({ file: displayPath(paths, cacheFile), kind: 'updated' });
  }
  return {
    dryRun,
    requests,
    conflicts: plan.conflicts,
    changes,
    drift: drift.findings,
    warnings,
    stats: client.stats,
  };
}
