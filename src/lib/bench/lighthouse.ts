/**
 * One Lighthouse run against Debian's Chromium, reduced to the figures the site benchmark
 * compares: the four category scores, LCP, TBT, CLS, the bytes transferred, the JavaScript
 * bytes and the scripts behind them, and the audits that cost points.
 * Each run gets its own Chromium (fresh profile, empty cache), killed again before it returns.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config, Flags, Result } from 'lighthouse';
import { chromiumExecutable } from '../chromium';

export const FORM_FACTORS = ['mobile', 'desktop'] as const;
export type FormFactor = (typeof FORM_FACTORS)[number];

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface ScriptTransfer {
  url: string;
  /** Bytes on the wire as Lighthouse counts them: compressed body plus headers. */
  transferBytes: number;
  /** Main-thread time spent on the script (bootup-time audit), when Lighthouse lists it. */
  mainThreadMs?: number;
}

export interface LostPoints {
  category: Category;
  audit: string;
  title: string;
  /** 0–1, or null for audits that only inform. */
  score: number | null;
  displayValue?: string;
  /** The first few things the audit points at (URLs, messages, selectors). */
  items: string[];
}

export interface LighthouseSummary {
  url: string;
  formFactor: FormFactor;
  /** Category scores, 0–100. */
  scores: Record<Category, number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** total-byte-weight: every response, compressed, with headers. */
  totalBytes: number;
  /** Sum of the transfer sizes of the Script requests of network-requests. */
  jsBytes: number;
  /** The Script requests, largest first. */
  scripts: ScriptTransfer[];
  /** Scored audits below 1 in any of the four categories. */
  lostPoints: LostPoints[];
  runWarnings: string[];
  /** Lighthouse's measure of the machine's speed: the same page scores lower on a busy one. */
  benchmarkIndex: number;
}

export interface DebuggableChromium {
  port: number;
  close(): Promise<void>;
}

/** Thrown when Chromium is missing or does not start: a set-up problem, not a finding. */
export class ChromiumSetupError extends Error {
  override name = 'ChromiumSetupError';
}

/**
 * Starts headless Chromium with a DevTools port for Lighthouse to drive. Port 0 lets Chromium
 * pick a free one, which it prints on stderr. The sandbox is dropped only for root, where
 * Chromium refuses to start with it.
 */
export async function launchDebuggableChromium(): Promise<DebuggableChromium> {
  let executable: string;
  try {
    executable = chromiumExecutable();
  } catch {
    throw new ChromiumSetupError(
      `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; install the Debian package chromium (npm run setup)`,
    );
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'bench-site-chromium-'));
  const args = [
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${profile}`,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    'about:blank',
  ];
  // Its own process group, so closing takes the renderers and helpers down with the browser.
  const child = spawn(executable, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    // A browser that never started emits no 'exit'; closing must not wait for one.
    child.once('error', () => {
      resolve();
    });
  });
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  // A detached group misses the terminal's Ctrl-C: take it down when this process is stopped.
  const onExit = (): void => {
    killGroup('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    // The listener was registered once, so this now ends the process the default way.
    process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const close = async (): Promise<void> => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    killGroup('SIGTERM');
    const timer = setTimeout(() => {
      killGroup('SIGKILL');
    }, 5_000);
    await exited;
    clearTimeout(timer);
    await rm(profile, { recursive: true, force: true });
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(() => {
        reject(new ChromiumSetupError(`Chromium did not open a DevTools port in 30 s:\n${stderr}`));
      }, 30_000);
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new ChromiumSetupError(`Chromium did not start: ${error.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new ChromiumSetupError(`Chromium exited (code ${code}) before listening:\n${stderr}`),
        );
      });
    });
    // Keep reading so a chatty Chromium never blocks on a full pipe.
    child.stderr.resume();
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function numeric(lhr: Result, audit: string): number {
  const value = lhr.audits[audit]?.numericValue;
  if (value === undefined)
    throw new Error(`Lighthouse gave no value for ${audit} (${lhr.finalDisplayedUrl})`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function tableItems(lhr: Result, audit: string): Record<string, unknown>[] {
  const details: unknown = lhr.audits[audit]?.details;
  const items =
    isRecord(details) && Array.isArray(details.items) ? (details.items as unknown[]) : [];
  return items.filter(isRecord);
}

/** The Script rows of the network-requests audit, with their main-thread time. */
function scriptTransfers(lhr: Result): ScriptTransfer[] {
  const mainThread = new Map<string, number>();
  for (const item of tableItems(lhr, 'bootup-time')) {
    if (typeof item.url === 'string' && typeof item.total === 'number')
      mainThread.set(item.url, item.total);
  }
  return tableItems(lhr, 'network-requests')
    .filter((item) => item.resourceType === 'Script')
    .map((item) => {
      const url = String(item.url);
      const ms = mainThread.get(url);
      return {
        url,
        transferBytes: typeof item.transferSize === 'number' ? item.transferSize : 0,
        ...(ms === undefined ? {} : { mainThreadMs: ms }),
      };
    })
    .sort((a, b) => b.transferBytes - a.transferBytes);
}

/** A short description of one row of an audit's table: what it points at. */
function describeItem(item: Record<string, unknown>): string {
  const node = isRecord(item.node) ? item.node : undefined;
  const source = isRecord(item.sourceLocation) ? item.sourceLocation : undefined;
  const parts = [source?.url, item.url, node?.selector, item.description].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return parts.join(' ').slice(0, 160);
}

function lostPoints(lhr: Result): LostPoints[] {
  const lost: LostPoints[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      // Weight 0 audits are diagnostics; they never cost points.
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      lost.push({
        category,
        audit: ref.id,
        title: audit.title,
        score: audit.score,
        ...(audit.displayValue === undefined ? {} : { displayValue: audit.displayValue }),
        items: tableItems(lhr, ref.id).slice(0, 3).map(describeItem),
      });
    }
  }
  return lost;
}

/** Reduces a Lighthouse result to the benchmark's figures. */
export function summariseLighthouse(lhr: Result, formFactor: FormFactor): LighthouseSummary {
  if (lhr.runtimeError) {
    throw new Error(
      `Lighthouse failed on ${lhr.requestedUrl ?? lhr.finalDisplayedUrl}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`,
    );
  }
  const scores = {} as Record<Category, number>;
  for (const category of CATEGORIES) {
    const score = lhr.categories[category]?.score;
    if (score === null || score === undefined)
      throw new Error(`Lighthouse gave no ${category} score (${lhr.finalDisplayedUrl})`);
    scores[category] = Math.round(score * 100);
  }
  const scripts = scriptTransfers(lhr);
  return {
    url: lhr.requestedUrl ?? lhr.finalDisplayedUrl,
    formFactor,
    scores,
    lcpMs: numeric(lhr, 'largest-contentful-paint'),
    tbtMs: numeric(lhr, 'total-blocking-time'),
    cls: numeric(lhr, 'cumulative-layout-shift'),
    totalBytes: numeric(lhr, 'total-byte-weight'),
    jsBytes: scripts.reduce((total, script) => total + script.transferBytes, 0),
    scripts,
    lostPoints: lostPoints(lhr),
    runWarnings: lhr.runWarnings,
    benchmarkIndex: lhr.environment.benchmarkIndex,
  };
}

/**
 * Runs Lighthouse once on `url` in a Chromium of its own: the default (mobile) config, or the
 * desktop config. Lighthouse is an ES module, hence the dynamic imports.
 */
export async function runLighthouse(
  url: string,
  formFactor: FormFactor,
): Promise<LighthouseSummary> {
  const { default: lighthouse } = await import('lighthouse');
  let config: Config | undefined;
  if (formFactor === 'desktop') {
    config = (await import('lighthouse/core/config/desktop-config.js')).default;
  }
  const chromium = await launchDebuggableChromium();
  try {
    const flags: Flags = {
      port: chromium.port,
      hostname: '127.0.0.1',
      logLevel: 'error',
      output: 'json',
      onlyCategories: [...CATEGORIES],
    };
    const result = await lighthouse(url, flags, config);
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
    return summariseLighthouse(result.lhr, formFactor);
  } finally {
    await chromium.close();
  }
}
