/** Reduces a Lighthouse result (its `lhr`) to the figures the site benchmark compares. */
import type { Result } from 'lighthouse';
import {
  CATEGORIES,
  type Category,
  type FormFactor,
  type LighthouseSummary,
  type LostPoints,
  type ScriptTransfer,
} from './types';

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
