/**
 * Which part of GitHub's official OpenAPI description the project keeps (for the fake GitHub the
 * sync's tests run against): the package, its version, and the operations the code calls.
 */
export const OPENAPI_PACKAGE = '@octokit/openapi';
export const OPENAPI_VERSION = '23.0.2';
/** The description of api.github.com itself (not GHES/GHEC), with `$ref`s kept (not `.deref`). */
export const DESCRIPTION_FILE = /(^|\/)generated\/api\.github\.com\.json$/;
export const DEFAULT_SUBSET_FILE = 'test/fixtures/github/openapi-subset.json';

/** The operations the issue sync and the Usage Guide reader call; add to this list for a new endpoint. */
export const OPERATIONS = [
  'issues/list-for-repo',
  'issues/get',
  'issues/create',
  'issues/update',
  'issues/list-events-for-timeline',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/list-labels-for-repo',
  'issues/create-label',
  'rate-limit/get',
  'repos/get-commit',
  'repos/get-content',
  // upstream-patch --open-pr: a fork, a branch committed through the Git Data API, one pull request.
  'users/get-authenticated',
  'repos/get',
  'repos/create-fork',
  'git/get-ref',
  'git/create-ref',
  'git/update-ref',
  'git/get-commit',
  'git/create-blob',
  'git/create-tree',
  'git/create-commit',
  'pulls/list',
  'pulls/create',
  'pulls/update',
] as const;
