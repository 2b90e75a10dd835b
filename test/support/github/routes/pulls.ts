/**
 * Pull requests: `pulls/create` (head `owner:branch` from a fork in the same network, or a branch
 * of the base repository), `pulls/list` (filtered by state, `head` and `base`, as GitHub's
 * documentation of the endpoint describes) and `pulls/update`. Refused as GitHub refuses them,
 * with 422 Validation Failed: a second open pull request for the same head and base, a head with
 * no commits beyond the base.
 */
import { pullJson } from '../json/pulls';
import {
  created,
  notFound,
  validationFailed,
  type Reply,
  type Route,
  type RouteRequest,
} from '../replies';
import type { FakeState } from '../state';
import type { RepositoryRecord } from '../state/git';
import type { PullRecord } from '../state/pulls';

const PULLS_DOCS = 'https://docs.github.com/rest/pulls/pulls';

const refused = (message: string): Reply =>
  validationFailed({ resource: 'PullRequest', code: 'custom', message }, PULLS_DOCS);

/** `owner:branch` or `branch` → the head repository (in the base's network) and branch. */
function parseHead(
  state: FakeState,
  base: RepositoryRecord,
  head: string,
): { record: RepositoryRecord; ref: string } | undefined {
  const colon = head.indexOf(':');
  if (colon < 0) return { record: base, ref: head };
  const owner = head.slice(0, colon).toLowerCase();
  const ref = head.slice(colon + 1);
  const record = state.git
    .network(base)
    .find((candidate) => candidate.owner.toLowerCase() === owner);
  return record === undefined ? undefined : { record, ref };
}

function listPulls(state: FakeState, base: RepositoryRecord, request: RouteRequest): PullRecord[] {
  const wantedState = request.query.get('state') ?? 'open';
  const head = request.query.get('head');
  const baseRef = request.query.get('base');
  return state.pulls
    .filter((pull) => pull.base === base)
    .filter((pull) => wantedState === 'all' || pull.state === wantedState)
    .filter((pull) => {
      if (head === null) return true;
      const wanted = parseHead(state, base, head);
      return wanted !== undefined && pull.head === wanted.record && pull.headRef === wanted.ref;
    })
    .filter((pull) => baseRef === null || pull.baseRef === baseRef)
    .sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
}

function createPull(state: FakeState, base: RepositoryRecord, request: RouteRequest): Reply {
  const body = request.body as {
    title?: string;
    head: string;
    base: string;
    body?: string;
    draft?: boolean;
    maintainer_can_modify?: boolean;
  };
  const head = parseHead(state, base, body.head);
  if (head === undefined) return refused(`head ${body.head} is not in this network`);
  const headSha = head.record.branches.get(head.ref);
  const baseSha = base.branches.get(body.base);
  if (baseSha === undefined) return refused(`base ${body.base} does not exist`);
  if (headSha === undefined) return refused(`head ${body.head} does not exist`);
  const duplicate = state.pulls.some(
    (pull) =>
      pull.state === 'open' &&
      pull.base === base &&
      pull.baseRef === body.base &&
      pull.head === head.record &&
      pull.headRef === head.ref,
  );
  if (duplicate)
    return refused(`A pull request already exists for ${head.record.owner}:${head.ref}.`);
  if (state.git.isAncestor(headSha, baseSha))
    return refused(`No commits between ${body.base} and ${body.head}`);
  const at = state.clock();
  const pull: PullRecord = {
    number: state.counters.nextNumber++,
    id: state.counters.nextId++,
    base,
    baseRef: body.base,
    head: head.record,
    headRef: head.ref,
    title: body.title ?? head.ref,
    body: body.body ?? null,
    state: 'open',
    draft: body.draft === true,
    maintainerCanModify: body.maintainer_can_modify !== false,
    author: state.login,
    createdAt: at,
    updatedAt: at,
    closedAt: null,
  };
  state.pulls.push(pull);
  return created(pullJson(state.shapes, pull, true));
}

function updatePull(state: FakeState, pull: PullRecord, request: RouteRequest): void {
  const patch = (request.body ?? {}) as {
    title?: string;
    body?: string;
    state?: 'open' | 'closed';
    maintainer_can_modify?: boolean;
  };
  let changed = false;
  if (patch.title !== undefined && patch.title !== pull.title) {
    pull.title = patch.title;
    changed = true;
  }
  if (patch.body !== undefined && patch.body !== pull.body) {
    pull.body = patch.body;
    changed = true;
  }
  if (patch.state !== undefined && patch.state !== pull.state) {
    pull.state = patch.state;
    pull.closedAt = patch.state === 'closed' ? state.clock() : null;
    changed = true;
  }
  if (patch.maintainer_can_modify !== undefined)
    pull.maintainerCanModify = patch.maintainer_can_modify;
  if (changed) pull.updatedAt = state.clock();
}

export function pullRoutes(state: FakeState): Record<string, Route> {
  const baseOf = (request: RouteRequest): RepositoryRecord | undefined =>
    state.git.repository(request.params.owner ?? '', request.params.repo ?? '');
  return {
    'pulls/list': (request) => {
      const base = baseOf(request);
      if (base === undefined) return notFound();
      const selected = listPulls(state, base, request);
      return { status: 200, body: selected.map((pull) => pullJson(state.shapes, pull, false)) };
    },
    'pulls/create': (request) => {
      const base = baseOf(request);
      return base === undefined ? notFound() : createPull(state, base, request);
    },
    'pulls/update': (request) => {
      const base = baseOf(request);
      const number = Number(request.params.pull_number);
      const pull = state.pulls.find(
        (candidate) => candidate.base === base && candidate.number === number,
      );
      if (pull === undefined) return notFound();
      updatePull(state, pull, request);
      return { status: 200, body: pullJson(state.shapes, pull, true) };
    },
  };
}
