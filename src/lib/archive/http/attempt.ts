/**
 * One GET attempt over undici's dispatcher, and its whole response, bounded by one timer: connect,
 * waiting and body together, so a server that trickles bytes cannot hold a slot for ever. A body
 * is only accepted when complete; a body larger than the limit ends the attempt at once.
 */
import type { Dispatcher } from 'undici';
import { decodeBody } from './body';
import { headerValue } from './conditional';
import {
  connectionFailure,
  errorMessage,
  okResult,
  outcomeForStatus,
  parseContentLength,
} from './outcome';
import type { AttemptOutcome, ResponseHeaders, ResponseSummary } from './types';

export interface AttemptRequest {
  dispatcher: Dispatcher;
  target: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBodyBytes: number;
  signal: AbortSignal | undefined;
}

/** Never rejects: every ending is an outcome. */
export function attemptOnce(request: AttemptRequest): Promise<AttemptOutcome> {
  return new Promise<AttemptOutcome>((resolve) => {
    const reader = new ResponseReader(request, resolve);
    reader.start();
  });
}

/**
 * An undici dispatch handler that collects one response and settles it exactly once. It is also
 * the abort signal's listener (handleEvent), rather than an arrow function made for each request:
 * under tsx, every such function is named by a property definition, which a sync makes thousands
 * of times (npm run bench:sync: 39 of 3,300 ms in a profile of one sync).
 */
class ResponseReader implements Dispatcher.DispatchHandler, EventListenerObject {
  private readonly startedAt = performance.now();
  private readonly url: string;
  private settled = false;
  private controller: Dispatcher.DispatchController | undefined;
  private abandoned = false;
  private timer: NodeJS.Timeout | undefined;
  private status = 0;
  private headers: ResponseHeaders = {};
  private declaredLength: number | undefined;
  private readonly chunks: Buffer[] = [];
  private wireBytes = 0;

  constructor(
    private readonly request: AttemptRequest,
    private readonly resolve: (outcome: AttemptOutcome) => void,
  ) {
    this.url = request.target.href;
  }

  start(): void {
    const { signal, target, timeoutMs } = this.request;
    if (signal?.aborted === true) {
      this.settle({ kind: 'aborted' });
      return;
    }
    this.timer = setTimeout(() => {
      this.abandon({ kind: 'retry', reason: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    signal?.addEventListener('abort', this, { once: true });
    try {
      const path = `${target.pathname}${target.search}`;
      const options = { origin: target.origin, path, method: 'GET' as const };
      this.request.dispatcher.dispatch({ ...options, headers: this.request.headers }, this);
    } catch (error) {
      // e.g. a validator with characters a header may not hold: no attempt will do better.
      this.settle({ kind: 'fail', message: errorMessage(error), cause: error });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abandoned) controller.abort(new Error('attempt abandoned'));
  }

  onResponseStart(_c: Dispatcher.DispatchController, status: number, headers: ResponseHeaders) {
    this.status = status;
    this.headers = headers;
    this.declaredLength = parseContentLength(headerValue(headers, 'content-length'));
    if (this.declaredLength !== undefined && this.declaredLength > this.request.maxBodyBytes) {
      this.abandon(this.tooLarge());
    }
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    this.wireBytes += chunk.length;
    if (this.wireBytes > this.request.maxBodyBytes) this.abandon(this.tooLarge());
    else if (this.status === 200) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.declaredLength !== undefined && this.wireBytes < this.declaredLength) {
      this.settle(this.truncated('ended early'));
    } else if (this.status !== 200) {
      this.settle(outcomeForStatus(this.status, this.headers, this.url, this.summary()));
    } else {
      this.decode();
    }
  }

  onResponseError(_c: Dispatcher.DispatchController, error: Error): void {
    // After the status line, a failure cut the body short; before it, the connection failed.
    this.settle(this.status === 0 ? connectionFailure(error) : this.truncated(error.message));
  }

  private decode(): void {
    const { maxBodyBytes } = this.request;
    const raw = Buffer.concat(this.chunks);
    decodeBody(raw, headerValue(this.headers, 'content-encoding'), maxBodyBytes, (decoded) => {
      const response = this.summary();
      const status = this.status;
      if (decoded.kind === 'body') {
        this.settle({
          kind: 'result',
          result: okResult(this.url, decoded.body, this.headers),
          response,
        });
      } else if (decoded.kind === 'corrupt') {
        this.settle({ kind: 'retry', reason: decoded.reason, response });
      } else {
        const message =
          decoded.kind === 'too-large'
            ? `decompressed body larger than maxBodyBytes (${maxBodyBytes} bytes)`
            : `unsupported Content-Encoding: ${decoded.encoding}`;
        this.settle({ kind: 'fail', message, status, response });
      }
    });
  }

  /** The abort signal's listener. */
  handleEvent(): void {
    this.abandon({ kind: 'aborted' });
  }

  private summary(): ResponseSummary {
    const ms = Math.round(performance.now() - this.startedAt);
    return { status: this.status, bytes: this.wireBytes, ms };
  }

  private truncated(detail: string): AttemptOutcome {
    const got = this.wireBytes;
    const reason =
      this.declaredLength === undefined
        ? `body truncated after ${got} bytes (${detail})`
        : `body truncated: ${got} of ${this.declaredLength} bytes (${detail})`;
    return { kind: 'retry', reason, response: this.summary() };
  }

  private tooLarge(): AttemptOutcome {
    const { maxBodyBytes } = this.request;
    if (this.status !== 200) {
      // An error page too big to drain: its status still says what happened.
      return outcomeForStatus(this.status, this.headers, this.url, this.summary());
    }
    const message = `body larger than maxBodyBytes (${maxBodyBytes} bytes)`;
    return { kind: 'fail', message, status: this.status, response: this.summary() };
  }

  private settle(outcome: AttemptOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.request.signal?.removeEventListener('abort', this);
    this.resolve(outcome);
  }

  /** For endings that leave the connection in an unknown state: undici must not reuse it. */
  private abandon(outcome: AttemptOutcome): void {
    this.settle(outcome);
    this.abandoned = true;
    this.controller?.abort(new Error('attempt abandoned'));
  }
}
