/** The pull requests of every repository the fake holds, in the order they were opened. */
import type { FakePullRequest } from '../types';
import type { RepositoryRecord } from './git';

export interface PullRecord {
  number: number;
  id: number;
  base: RepositoryRecord;
  baseRef: string;
  head: RepositoryRecord;
  headRef: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  maintainerCanModify: boolean;
  author: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export const fullNameOf = (record: RepositoryRecord): string => `${record.owner}/${record.name}`;

/** What tests see of a pull request. */
export function pullSnapshotOf(pull: PullRecord): FakePullRequest {
  return {
    number: pull.number,
    repository: fullNameOf(pull.base),
    base: pull.baseRef,
    head: `${pull.head.owner}:${pull.headRef}`,
    title: pull.title,
    body: pull.body,
    state: pull.state,
  };
}
