/**
 * A one-line progress display for a terminal: months visited, pages read, requests and retries,
 * redrawn at most ten times a second. Off when the output is not a terminal or CI is set, so logs
 * of scheduled runs hold only warnings and the summary.
 */
import type { ClientEvent } from '../archive';
import type { CrawlEvent } from './crawl';

export interface Progress {
  onEvent: (event: CrawlEvent | ClientEvent) => void;
  /** Clears the line; call before printing anything else. */
  clear: () => void;
}

export function createProgress(stream: NodeJS.WriteStream, env = process.env): Progress {
  const enabled = stream.isTTY && (env.CI ?? '') === '';
  let months = 0;
  let monthsTotal = 0;
  let pages = 0;
  let requests = 0;
  let retries = 0;
  let lastDraw = 0;
  let shown = false;
  const draw = (force = false) => {
    const now = Date.now();
    if (!enabled || (!force && now - lastDraw < 100)) return;
    lastDraw = now;
    shown = true;
    stream.write(
      `\r\x1b[2Ksync-mail: month ${months}/${monthsTotal} · ${pages} new pages · ${requests} requests${retries > 0 ? ` · ${retries} retries` : ''}`,
    );
  };
  return {
    onEvent(event) {
      if (event.kind === 'months') monthsTotal = event.total;
      else if (event.kind === 'month') {
        months += 1;
        pages += event.pages;
      } else if (event.kind === 'request') requests += 1;
      else if (event.kind === 'retry') retries += 1;
      draw(event.kind === 'months');
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
