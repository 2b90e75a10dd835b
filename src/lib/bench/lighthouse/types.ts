/** The figures one Lighthouse run is reduced to, for the site benchmark. */
import { ConfigurationError } from '../../errors';

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

/** Thrown when Chromium is missing or does not start: a set-up problem, not a finding. */
export class ChromiumSetupError extends ConfigurationError {
  override name = 'ChromiumSetupError';
}

/** The message for a missing Chromium, with the fix. */
export function chromiumMissingMessage(): string {
  return `Chromium not found at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}; install the Debian package chromium (npm run setup)`;
}
