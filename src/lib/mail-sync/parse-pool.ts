/**
 * Parses message pages, on worker threads where a machine has CPUs to spare (see defaultWorkers),
 * else inline on the crawl's thread (ARCHITECTURE.md, "Sync semantics"). The politeness limits
 * stay the HTTP client's alone: the pool only ever sees bodies already downloaded.
 *
 * The first pages are parsed inline: a small sync is over before a worker has loaded its modules.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseMessagePage, type MessagePage, type PageLocation } from '../archive';
import { decodePage } from './page-text';
import { READY, type ParseReply, type ParseRequest } from './parse-protocol';

export interface ParsedPage {
  page: MessagePage;
  /** Time spent decoding and parsing this page, on whichever thread did it. */
  parseMs: number;
}

export interface PageParserOptions {
  /** Worker threads; default one per CPU beyond two (the crawl's and the rest's), at most 2; 0 = none. */
  workers?: number;
  /** Pages parsed on the calling thread before the workers start; default 64. */
  inlinePages?: number;
}

/**
 * The worker's entry is TypeScript: a CLI runs under tsx, whose hooks a worker inherits, and a
 * test under vitest, whose transform a worker does not get; there tsx's CommonJS hook is
 * registered first (tsx's documented `tsx/cjs/api` register()).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
if (!('.ts' in require.extensions)) require(workerData.tsxApi).register();
require(workerData.entry);
`;

export function parseInline(body: Buffer, contentType: string | undefined, location: PageLocation) {
  const started = performance.now();
  const page = parseMessagePage(decodePage(body, contentType), location);
  return { page, parseMs: performance.now() - started };
}

/**
 * The crawl's thread waits on the network most of the time and parses a page in a fraction of a
 * millisecond, so a worker pays only where a CPU is left over beyond the crawl's and whatever
 * else runs (a local mirror's server, the system). On 2 CPUs a worker made `npm run bench:sync`'s
 * full sync slower: 1.95-2.01x the bare download, against 1.33-1.52x parsing inline.
 */
function defaultWorkers(): number {
  return Math.max(0, Math.min(2, os.availableParallelism() - 2));
}

interface Waiter {
  resolve: (parsed: ParsedPage) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the pages it has been given but not answered yet. */
class ParseWorker {
  readonly waiting = new Map<number, Waiter>();
  private readonly worker: Worker;
  private closing = false;

  constructor() {
    const here = createRequire(__filename);
    this.worker = new Worker(BOOT, {
      eval: true,
      workerData: {
        entry: path.join(__dirname, 'parse-worker.ts'),
        tsxApi: here.resolve('tsx/cjs/api'),
      },
    });
    this.worker.on('message', (reply: ParseReply | typeof READY) => {
      if (reply !== READY) this.answer(reply);
    });
    this.worker.on('error', (error) => {
      this.failAll(error);
    });
    this.worker.on('exit', (code) => {
      if (!this.closing)
        this.failAll(new Error(`a page parser thread stopped (exit code ${code})`));
    });
  }

  /**
   * A fetched Buffer is often a view of a larger pooled ArrayBuffer, and postMessage would copy
   * that whole buffer; a copy of exactly the body's bytes is made and handed over instead.
   */
  send(request: ParseRequest, waiter: Waiter): void {
    this.waiting.set(request.id, waiter);
    const body = new Uint8Array(request.body);
    this.worker.postMessage({ ...request, body }, [body.buffer]);
  }

  /** Ends the thread; a page still waiting for it fails rather than waiting forever. */
  async close(): Promise<void> {
    this.closing = true;
    this.failAll(new Error('the page parser was closed before the page was parsed'));
    await this.worker.terminate();
  }

  private answer(reply: ParseReply): void {
    const waiter = this.waiting.get(reply.id);
    if (waiter === undefined) return;
    this.waiting.delete(reply.id);
    if ('error' in reply) waiter.reject(new Error(`parsing ${reply.id} failed: ${reply.error}`));
    else waiter.resolve({ page: reply.page, parseMs: reply.parseMs });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** Decodes and parses message pages, inline or on a few worker threads; close() when done. */
export class PageParser {
  private readonly workerCount: number;
  private inlineLeft: number;
  private workers: ParseWorker[] = [];
  private nextId = 0;

  constructor(options: PageParserOptions = {}) {
    this.workerCount = options.workers ?? defaultWorkers();
    this.inlineLeft = options.inlinePages ?? 64;
  }

  parse(
    body: Buffer,
    contentType: string | undefined,
    location: PageLocation,
  ): Promise<ParsedPage> {
    if (this.workerCount === 0 || this.inlineLeft > 0) {
      this.inlineLeft -= 1;
      return Promise.resolve(parseInline(body, contentType, location));
    }
    if (this.workers.length === 0) {
      this.workers = Array.from({ length: this.workerCount }, () => new ParseWorker());
    }
    // The least busy worker: pages differ in size, so round robin would let one fall behind.
    const worker = this.workers.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
    const id = (this.nextId += 1);
    return new Promise<ParsedPage>((resolve, reject) => {
      worker.send(
        { id, body, location, ...(contentType === undefined ? {} : { contentType }) },
        {
          resolve,
          reject,
        },
      );
    });
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.close()));
  }
}
