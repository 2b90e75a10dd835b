/** The token's own account: who it is, and what is left of its rate limits. */
import { authenticatedUserJson } from '../json/users';
import type { Route } from '../replies';
import type { FakeState } from '../state';
import { WINDOW_SECONDS } from '../state/rate-limit';

/** GitHub's other rate-limit resources, each reported full (nothing here spends them). */
const OTHER_LIMITS: Record<string, number> = {
  search: 30,
  graphql: 5000,
  integration_manifest: 5000,
  source_import: 100,
  code_scanning_upload: 1000,
  actions_runner_registration: 10000,
  scim: 15000,
  dependency_snapshots: 100,
  code_search: 10,
};

export function accountRoutes(state: FakeState): Record<string, Route> {
  return {
    'users/get-authenticated': () => ({
      status: 200,
      body: authenticatedUserJson(state.shapes, state.login, state.clock()),
    }),
    'rate-limit/get': () => {
      const { rate } = state;
      const resetAt = Math.floor(state.now() / 1000) + WINDOW_SECONDS;
      const core = {
        limit: rate.limit,
        used: rate.used,
        remaining: rate.limit - rate.used,
        reset: rate.reset,
      };
      const others = Object.entries(OTHER_LIMITS).map(
        ([name, size]): [string, Record<string, number>] => [
          name,
          { limit: size, used: 0, remaining: size, reset: resetAt },
        ],
      );
      return {
        status: 200,
        body: { resources: { core, ...Object.fromEntries(others) }, rate: core },
      };
    },
  };
}
