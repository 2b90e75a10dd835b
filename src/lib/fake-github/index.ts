/** A local, contract-checked GitHub for the issue sync's tests; see server.ts and contract.ts. */
export {
  createContract,
  loadContract,
  type Contract,
  type OperationMatch,
  type RequestCheck,
  type RequestPart,
  type RequestToCheck,
} from './contract';
export {
  startFakeGitHub,
  type FakeFault,
  type FakeFaultRule,
  type FakeGitHub,
  type FakeGitHubOptions,
  type FakeIssue,
  type FakeRequestLog,
} from './server';
export type { FakePullRequest } from './pulls';
