/**
 * Test support: a local, contract-checked GitHub for the tests of the issue sync, the upstream
 * patch and the Usage Guide reader; see server.ts and contract.ts.
 */
export {
  createContract,
  loadContract,
  type Contract,
  type OperationMatch,
  type RequestCheck,
  type RequestPart,
  type RequestToCheck,
} from './contract';
export { startFakeGitHub } from './server';
export type {
  FakeFault,
  FakeFaultRule,
  FakeGitHub,
  FakeGitHubOptions,
  FakeIssue,
  FakePullRequest,
  FakeRequestLog,
} from './types';
