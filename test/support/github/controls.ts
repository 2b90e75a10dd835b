/**
 * What a test does to the fake GitHub directly, as someone acting on github.com would: open and
 * edit issues, comment, mention an issue from a pull request, push files; and what it reads back.
 */
import { DEFAULT_AUTHOR } from './json/issues';
import type { FakeState } from './state';
import { snapshotOf } from './state/issues';
import { pullSnapshotOf } from './state/pulls';
import type { FakeGitHub } from './types';

export type FakeControls = Pick<
  FakeGitHub,
  | 'issues'
  | 'seedIssue'
  | 'editIssue'
  | 'addComment'
  | 'comments'
  | 'addCrossReference'
  | 'pushFiles'
  | 'branchFiles'
  | 'pulls'
>;

export function createControls(state: FakeState): FakeControls {
  const { issues, clock, owner } = state;
  return {
    issues: () => [...issues.issues.values()].sort((a, b) => a.number - b.number).map(snapshotOf),
    seedIssue(input) {
      const author = input.author ?? DEFAULT_AUTHOR;
      const issue = issues.createIssue({
        title: input.title,
        body: input.body ?? null,
        labels: input.labels ?? [],
        author,
      });
      for (let index = 1; index <= (input.comments ?? 0); index++)
        issues.addComment(issue, `Comment ${index} on #${issue.number}.`, author);
      if (input.state === 'closed') {
        issue.updatedAt = clock();
        issues.setState(issue, 'closed', 'completed', author, issue.updatedAt);
      }
      return snapshotOf(issue);
    },
    editIssue(number, patch) {
      const issue = issues.issueOrThrow(number);
      const at = clock();
      let changed = false;
      if (patch.title !== undefined)
        changed = issues.setTitle(issue, patch.title, owner, at) || changed;
      if (patch.body !== undefined && patch.body !== issue.body) {
        issue.body = patch.body;
        changed = true;
      }
      if (patch.labels) changed = issues.setLabels(issue, patch.labels, owner, at) || changed;
      if (patch.state)
        changed = issues.setState(issue, patch.state, undefined, owner, at) || changed;
      if (changed) issue.updatedAt = at;
    },
    addComment(number, body, author = DEFAULT_AUTHOR) {
      issues.addComment(issues.issueOrThrow(number), body, author);
    },
    comments(number) {
      return issues
        .issueOrThrow(number)
        .comments.map(({ id, body, author }) => ({ id, body, author }));
    },
    addCrossReference(number, pullRequest) {
      const issue = issues.issueOrThrow(number);
      const at = clock();
      issues.record(issue, {
        kind: 'cross-referenced',
        pullRequest: {
          number: pullRequest.number,
          title: pullRequest.title ?? `Pull request #${pullRequest.number}`,
        },
        actor: DEFAULT_AUTHOR,
        at,
      });
      // Issues and pull requests share numbers; later issues must not reuse this one.
      state.counters.nextNumber = Math.max(state.counters.nextNumber, pullRequest.number + 1);
      issue.updatedAt = at;
    },
    pushFiles: (branch, files, message, repository) =>
      state.git.pushFiles(branch, files, message, repository),
    branchFiles: (repository, branch) => {
      const [repoOwner = '', repoName = ''] = repository.split('/');
      return state.git.branchFiles(repoOwner, repoName, branch);
    },
    pulls: () => state.pulls.map(pullSnapshotOf),
  };
}
