/**
 * Faults a test injects into a fake HTTP server (the local GitHub, the MHonArc archive server), and
 * the rules that say which requests get one and how many times. Both fakes take the same fault
 * type, so a test written against one reads the same against the other.
 */

/**
 * The value of a Retry-After header: a number of seconds, or the header's text as sent (seconds
 * or an HTTP-date), the two forms RFC 9110 §10.2.3 allows.
 */
export type RetryAfter = number | string;

export type HttpFault =
  /** The connection is closed before the request is processed: nothing changes. */
  | { kind: 'reset' }
  /** Answers with this status, e.g. 500, or 429/503 with Retry-After. */
  | { kind: 'status'; status: number; retryAfter?: RetryAfter }
  /** Sends the headers with the full Content-Length and half the body, then destroys the socket. */
  | { kind: 'truncate' }
  /** Answers normally after `ms`: a slow server, timed on the server side. */
  | { kind: 'delay'; ms: number }
  /** Never answers (until close()). */
  | { kind: 'hang' };

export interface FaultRule<Fault = HttpFault> {
  /** Only requests of this method (any case); every method when unset. */
  method?: string;
  /** A string must equal the request's path (without query); a RegExp must match it. */
  path: string | RegExp;
  /** How many matching requests get the fault before the rule is spent; Infinity for all. */
  times: number;
  fault: Fault;
}

export interface FaultRules<Fault> {
  add(rule: FaultRule<Fault>): void;
  clear(): void;
  /** The fault for this request, if a rule still has one; spends one of that rule's times. */
  take(method: string, path: string): Fault | undefined;
}

export function retryAfterHeader(value: RetryAfter): string {
  return String(value);
}

/**
 * `alias` maps a rule's string path to the other spelling a fake accepts (the archive server takes
 * paths relative to its root too).
 */
export function createFaultRules<Fault>(
  alias: (rulePath: string) => string = (rulePath) => rulePath,
): FaultRules<Fault> {
  let rules: FaultRule<Fault>[] = [];

  function pathMatches(rulePath: string | RegExp, path: string): boolean {
    if (typeof rulePath === 'string') return rulePath === path || alias(rulePath) === path;
    // A global or sticky RegExp keeps state between tests; reset it so every request is tested fresh.
    rulePath.lastIndex = 0;
    return rulePath.test(path);
  }

  return {
    add(rule) {
      rules.push({ ...rule });
    },
    clear() {
      rules = [];
    },
    take(method, path) {
      const rule = rules.find(
        (candidate) =>
          candidate.times > 0 &&
          (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
          pathMatches(candidate.path, path),
      );
      if (rule === undefined) return undefined;
      rule.times -= 1;
      return rule.fault;
    },
  };
}
