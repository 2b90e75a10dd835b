/**
 * What GitHub answers before an operation runs, in the order it checks: credentials (401), the
 * primary rate limit (403), a body that is not JSON (400), an unknown operation or repository
 * (404), a classic token without the scope a write needs (403, as "Scopes for OAuth apps"
 * describes), and values the contract refuses (422).
 */
import type { Contract, RequestCheck } from './contract';
import { errorReply, notFound, RATE_LIMIT_DOCS, type Reply } from './replies';
import type { FakeState } from './state';
import type { FakeGitHubOptions } from './types';

/** Writes a classic token needs `public_repo` (or `repo`) for; issue writes are left unchecked. */
const REPOSITORY_WRITES =
  /^(repos\/create-fork|git\/create-|git\/update-ref|pulls\/(create|update))/;
const REPOSITORY_SCOPES = ['public_repo', 'repo'];

export interface Gated {
  method: string;
  path: string;
  authorization: string | undefined;
  unparsable: boolean;
  check: RequestCheck;
}

/** A refusal and whether it spends the rate limit, or the path parameters to run the operation. */
export type GateResult =
  { refusal: Reply; counted: boolean } | { refusal?: undefined; params: Record<string, string> };

function authorizationProblem(token: string | undefined, header: string | undefined) {
  if (token === undefined) return undefined;
  if (header === undefined || header.trim() === '') return 'Requires authentication';
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[1] === token ? undefined : 'Bad credentials';
}

/** Forks hold git contents and pull requests; issues, labels and comments live in the main one. */
function knownRepository(
  state: FakeState,
  operationId: string,
  params: Record<string, string>,
): boolean {
  const mainRepo =
    (params.owner === undefined || params.owner.toLowerCase() === state.owner.toLowerCase()) &&
    (params.repo === undefined || params.repo.toLowerCase() === state.repo.toLowerCase());
  return (
    mainRepo ||
    (params.owner !== undefined &&
      params.repo !== undefined &&
      state.git.repository(params.owner, params.repo) !== undefined &&
      !operationId.startsWith('issues/'))
  );
}

export function gate(
  state: FakeState,
  contract: Contract,
  options: FakeGitHubOptions,
  hasRoute: (operationId: string) => boolean,
  request: Gated,
): GateResult {
  const unauthorized = authorizationProblem(options.token, request.authorization);
  if (unauthorized !== undefined) return { refusal: errorReply(401, unauthorized), counted: false };
  state.rate.roll();
  const { operationId, invalid, violations } = request.check;
  const free = operationId === 'rate-limit/get';
  if (!free && state.rate.used >= state.rate.limit) {
    const message = `API rate limit exceeded for user ID ${state.shapes.userId(state.login)}.`;
    return { refusal: errorReply(403, message, RATE_LIMIT_DOCS), counted: false };
  }
  if (request.unparsable)
    return { refusal: errorReply(400, 'Problems parsing JSON'), counted: true };
  const params =
    operationId === undefined
      ? undefined
      : contract.matchOperation(request.method, request.path)?.pathParams;
  if (
    operationId === undefined ||
    !hasRoute(operationId) ||
    params === undefined ||
    !knownRepository(state, operationId, params) ||
    invalid.includes('path')
  )
    return { refusal: notFound(), counted: true };
  if (
    options.scopes !== undefined &&
    REPOSITORY_WRITES.test(operationId) &&
    !options.scopes.some((scope) => REPOSITORY_SCOPES.includes(scope))
  ) {
    const refusal = errorReply(403, 'Resource not accessible by personal access token');
    refusal.headers = { 'x-accepted-oauth-scopes': REPOSITORY_SCOPES.join(', ') };
    return { refusal, counted: true };
  }
  if (invalid.length > 0) {
    const detail = violations.map((message) => message.replace(/^[^:]+: /, '')).join('\n');
    return { refusal: errorReply(422, `Invalid request.\n\n${detail}`), counted: true };
  }
  return { params };
}
