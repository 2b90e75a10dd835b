/**
 * octokit's logger, forwarded to the caller's after redaction: octokit and request-log format
 * their lines like console does, so they are formatted the same way and then cleaned of the token.
 */
import { formatWithOptions } from 'node:util';
import { redactSecrets } from './redact';
import type { GitHubLogger } from './types';

type LogLine = (message: unknown, ...rest: unknown[]) => void;

export interface OctokitLog {
  debug: LogLine;
  info: LogLine;
  warn: LogLine;
  error: LogLine;
}

export function redactingLog(
  logger: GitHubLogger | undefined,
  token: string | undefined,
): OctokitLog {
  const forward =
    (level: keyof GitHubLogger): LogLine =>
    (message, ...rest) => {
      if (logger === undefined) return;
      const text = redactSecrets(
        formatWithOptions({ depth: 4, breakLength: Infinity, colors: false }, message, ...rest),
        token,
      );
      // request-log reports a 304 at error level; here it is an expected answer from the cache.
      const effective = level === 'error' && /^[A-Z]+ \S+ - 304 /.test(text) ? 'info' : level;
      logger[effective]?.(text);
    };
  return {
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
  };
}
