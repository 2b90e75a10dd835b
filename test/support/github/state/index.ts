/**
 * Everything the fake GitHub keeps in memory, in one object the routes and the test controls
 * share: issues and labels, git data and forks, pull requests, the rate limit, and the numbers
 * they are all given.
 */
import type { GitShapeContext } from '../json/git';
import type { FakeGitHubOptions } from '../types';
import { wholeSecondClock } from '../time';
import { createCounters, createUserIds, type Counters } from './counters';
import { createGitStore, type GitStore } from './git';
import { createIssueStore, type IssueStore } from './issues';
import type { PullRecord } from './pulls';
import { createRateLimit, type RateLimit } from './rate-limit';

/** The repository's numeric id, used in node ids and the `/repositories/{id}` links GitHub sends. */
export const REPOSITORY_ID = 1296269;

export interface FakeState {
  owner: string;
  repo: string;
  /** The token's user: the author of what the client creates. */
  login: string;
  /** Milliseconds since the epoch, as the options give them. */
  now: () => number;
  /** Whole seconds that never go back, for timestamps. */
  clock: () => number;
  counters: Counters;
  /** What JSON shapes need: the origin (set once the server listens), ids, the login. */
  shapes: GitShapeContext & { setOrigin(origin: string): void };
  issues: IssueStore;
  git: GitStore;
  pulls: PullRecord[];
  rate: RateLimit;
  /** Git requests a new fork answers 409 before it is ready. */
  forkReadyAfter: number;
}

export function createFakeState(options: FakeGitHubOptions): FakeState {
  const { owner, repo } = options;
  const login = options.login ?? owner;
  const now = options.now ?? Date.now;
  const clock = wholeSecondClock(now);
  const counters = createCounters();
  let origin = '';
  const rate = createRateLimit(options.rateLimit ?? 5000, now);
  return {
    owner,
    repo,
    login,
    now,
    clock,
    counters,
    shapes: {
      origin: () => origin,
      setOrigin(value) {
        origin = value;
      },
      owner,
      repo,
      login,
      userId: createUserIds(),
    },
    issues: createIssueStore(counters, clock),
    git: createGitStore({ owner, repo, id: REPOSITORY_ID }, clock),
    pulls: [],
    rate,
    forkReadyAfter: options.forkReadyAfter ?? 1,
  };
}
