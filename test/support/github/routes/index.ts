/** Every operation the fake answers, by the operationId of GitHub's OpenAPI description. */
import type { Route } from '../replies';
import type { FakeState } from '../state';
import { accountRoutes } from './account';
import { gitRoutes } from './git';
import { issueRoutes } from './issues';
import { labelRoutes } from './labels';
import { pullRoutes } from './pulls';
import { repositoryRoutes } from './repos';

export function createRoutes(state: FakeState): Record<string, Route> {
  return {
    ...repositoryRoutes(state),
    ...gitRoutes(state),
    ...pullRoutes(state),
    ...accountRoutes(state),
    ...issueRoutes(state),
    ...labelRoutes(state),
  };
}
