/** What the fake HTTP servers of the tests share: faults, the request log, listening and shutdown. */
export { etagMatches } from './conditional';
export {
  createFaultRules,
  retryAfterHeader,
  type FaultRule,
  type FaultRules,
  type HttpFault,
  type RetryAfter,
} from './faults';
export { listenLocally, type Listening } from './listen';
export {
  createRequestLog,
  isConditional,
  type LoggedRequest,
  type OnRequest,
  type RequestLog,
} from './request-log';
