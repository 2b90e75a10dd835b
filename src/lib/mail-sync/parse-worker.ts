/**
 * A parse pool worker (./parse-pool.ts): decodes and parses each message page it is sent, on its
 * own thread, and posts the page back. The same two functions the crawl calls inline, so a page
 * reads the same wherever it is parsed.
 */
import { parentPort } from 'node:worker_threads';
// The page reader alone, not the archive library's index: a worker starts without the HTTP client.
import { parseMessagePage } from '../archive/message-page';
import { decodePage } from './page-text';
import { READY, type ParseReply, type ParseRequest } from './parse-protocol';

const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs only as a worker thread');

port.on('message', (request: ParseRequest) => {
  const { id, body, contentType, location } = request;
  let reply: ParseReply;
  try {
    const started = performance.now();
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const page = parseMessagePage(decodePage(bytes, contentType), location);
    reply = { id, page, parseMs: performance.now() - started };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage(READY);
