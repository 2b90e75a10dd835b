/**
 * The GitHub sync (ARCHITECTURE.md, "Sync semantics"): one issue per erratum in the configured
 * repository, kept in step with the record, and the issue's activity pulled back into it.
 */
export { desiredLabels, issueBody, issueTitle, labelledValues, markerOf } from './issue-text';
export {
  planGitHubSync,
  threadEntry,
  type Action,
  type Baseline,
  type Conflict,
  type IssueView,
  type Plan,
  type Prefer,
} from './plan';
export {
  githubReportJson,
  githubReportText,
  type FileChange,
  type GitHubSyncReport,
  type PlannedRequest,
} from './report';
export { runGitHubSync, type GitHubSyncOptions } from './run';
export { githubSyncFiles, GitHubSyncState, serialiseGitHubState } from './state';
export {
  sectionWordDiff,
  watchUpstream,
  type DriftFinding,
  type DriftResult,
  type UpstreamWatch,
} from './upstream-drift';
