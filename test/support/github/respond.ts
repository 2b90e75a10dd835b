/**
 * Sending an answer as api.github.com does (request id, API version, rate-limit headers, ETag on
 * success, Last-Modified), after checking it against GitHub's OpenAPI description: a response
 * that breaks the contract is recorded in `violations`, which tests expect empty.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import type { Contract } from './contract';
import type { Reply } from './replies';
import type { FakeState } from './state';
import type { FakeRequestLog } from './types';

/** Timeline events and the component schema each must satisfy (the union accepts anything). */
const TIMELINE_SCHEMAS: Record<string, string> = {
  labeled: 'labeled-issue-event',
  unlabeled: 'unlabeled-issue-event',
  closed: 'state-change-issue-event',
  reopened: 'state-change-issue-event',
  renamed: 'renamed-issue-event',
  commented: 'timeline-comment-event',
  'cross-referenced': 'timeline-cross-referenced-event',
};

export function etagOf(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('hex')}"`;
}

/** One request's answer: where it goes, and what it is checked and logged as. */
export interface Exchange {
  response: ServerResponse;
  entry: FakeRequestLog;
  requestId: string;
  operationId: string | undefined;
}

/** The contract's complaints about a reply to `operationId`. */
function responseViolations(contract: Contract, operationId: string, reply: Reply): string[] {
  const problems = contract.checkResponse(
    operationId,
    reply.status,
    reply.status === 304 ? undefined : reply.body,
  );
  if (operationId === 'issues/list-events-for-timeline' && Array.isArray(reply.body))
    for (const [index, item] of (reply.body as { event?: string }[]).entries()) {
      const schema = TIMELINE_SCHEMAS[item.event ?? ''];
      if (schema === undefined) continue;
      problems.push(
        ...contract.checkSchema(
          schema,
          item,
          `${operationId}: response 200 body /${index} (${schema})`,
        ),
      );
    }
  return problems;
}

export function createResponder(
  state: FakeState,
  contract: Contract,
  violations: string[],
  scopes: string[] | undefined,
): (exchange: Exchange, reply: Reply, counted: boolean) => void {
  return (exchange, reply, counted) => {
    if (counted && reply.status !== 304) state.rate.used += 1;
    const headers: Record<string, string> = {
      'x-github-request-id': exchange.requestId,
      'x-github-api-version-selected': '2022-11-28',
      ...state.rate.headers(),
      ...(scopes === undefined ? {} : { 'x-oauth-scopes': scopes.join(', ') }),
      ...reply.headers,
    };
    let text = '';
    if (reply.status !== 304 && reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json; charset=utf-8';
      if (reply.status < 300) headers.etag = etagOf(text);
    }
    if (reply.lastModified !== undefined)
      headers['last-modified'] = new Date(reply.lastModified).toUTCString();
    if (exchange.operationId)
      violations.push(...responseViolations(contract, exchange.operationId, reply));
    exchange.entry.status = reply.status;
    exchange.response.writeHead(reply.status, {
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
    });
    exchange.response.end(text);
  };
}
