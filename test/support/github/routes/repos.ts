/**
 * Repositories and their files: `repos/get`, `repos/create-fork` (answered 202 at once, the fork's
 * git objects reachable later), `repos/get-commit` (an unknown ref answered 422 "No commit found
 * for SHA", as api.github.com does) and `repos/get-content` (a file as base64 with its blob SHA).
 */
import { commitJson, fileJson } from '../json/git';
import { repositoryJson } from '../json/repositories';
import { errorReply, notFound, type Reply, type Route, type RouteRequest } from '../replies';
import type { FakeState } from '../state';
import { defaultBranchOf, type RepositoryRecord } from '../state/git';

/**
 * The repository of a request whose git objects can be reached: 404 when the fake does not hold
 * it, 409 "Git Repository is empty." while a new fork is still being made.
 */
export function gitTarget(
  state: FakeState,
  request: RouteRequest,
): { record: RepositoryRecord; reply?: undefined } | { reply: Reply } {
  const record = state.git.repository(request.params.owner ?? '', request.params.repo ?? '');
  if (record === undefined) return { reply: notFound() };
  if (record.notReady > 0) {
    record.notReady -= 1;
    return { reply: errorReply(409, 'Git Repository is empty.') };
  }
  return { record };
}

function createFork(state: FakeState, request: RouteRequest): Reply {
  const { git, shapes } = state;
  const parent = git.repository(request.params.owner ?? '', request.params.repo ?? '');
  if (parent === undefined) return notFound();
  const body = (request.body ?? {}) as {
    organization?: string;
    name?: string;
    default_branch_only?: boolean;
  };
  const owner = body.organization ?? state.login;
  if (owner.toLowerCase() === parent.owner.toLowerCase())
    return errorReply(422, 'Cannot fork a repository into the account that owns it.');
  // A second request for the same fork answers with the fork that exists (GitHub does too).
  const existing = git
    .repositories()
    .find(
      (record) => record.parent === parent && record.owner.toLowerCase() === owner.toLowerCase(),
    );
  const fork =
    existing ??
    git.fork(
      parent,
      owner,
      body.name ?? parent.name,
      body.default_branch_only === true,
      state.forkReadyAfter,
    );
  return { status: 202, body: repositoryJson(shapes, fork, true) };
}

export function repositoryRoutes(state: FakeState): Record<string, Route> {
  const { git, shapes } = state;
  return {
    'repos/get': (request) => {
      const record = git.repository(request.params.owner ?? '', request.params.repo ?? '');
      return record === undefined
        ? notFound()
        : { status: 200, body: repositoryJson(shapes, record, true) };
    },
    'repos/create-fork': (request) => createFork(state, request),
    'repos/get-commit': (request) => {
      const found = gitTarget(state, request);
      if (found.reply !== undefined) return found.reply;
      const ref = request.params.ref ?? '';
      const commit = git.resolve(found.record, ref);
      return commit === undefined
        ? errorReply(422, `No commit found for SHA: ${ref}`)
        : {
            status: 200,
            body: commitJson(shapes, found.record, commit, git.treeSha(commit.tree)),
          };
    },
    'repos/get-content': (request) => {
      const found = gitTarget(state, request);
      if (found.reply !== undefined) return found.reply;
      const ref = request.query.get('ref') ?? defaultBranchOf(found.record);
      const commit = git.resolve(found.record, ref);
      if (commit === undefined) return errorReply(404, `No commit found for the ref ${ref}`);
      const path = (request.params.path ?? '').replace(/^\/+/, '');
      const bytes = commit.tree.get(path);
      return bytes === undefined
        ? notFound()
        : { status: 200, body: fileJson(shapes, found.record, path, ref, bytes) };
    },
  };
}
