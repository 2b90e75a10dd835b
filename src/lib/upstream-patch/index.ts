/** The proposed text as a patch against the TC's Usage Guide sources; see patch.ts. */
export { ConversionError, convertProposedText, type ConvertOptions } from './convert';
export { unifiedDiff } from './diff';
export {
  buildUpstreamPatch,
  type PatchedFile,
  type UpstreamPatch,
  type UpstreamPatchOptions,
} from './patch';
export { addRevisionRow, tcDate, type RevisionInsert, type RevisionRow } from './revision';
export { openPullRequest, type OpenPullRequestOptions } from './pull-request';
export { PullRequestSetupError } from './pull-request-errors';
export {
  formatPullRequestReport,
  type PullRequestReport,
  type PullRequestStep,
} from './pull-request-report';
export { resolvePullRequestTarget, type PullRequestTarget } from './pull-request-target';
export { PULL_REQUEST_MARKER, pullRequestText, type PullRequestText } from './pull-request-text';
export {
  proposeUpstream,
  type ProposeUpstreamOptions,
  type ProposeUpstreamResult,
} from './propose-upstream';
export { patchSummaryJson } from './summary';
export { upstreamTarget, type UpstreamTarget } from './target';
