/** Debian's Chromium, as the browser tests and the PDF launch it. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { ConfigurationError } from '../errors';

/** Flags for a headless Chromium on a machine without network beyond the loopback. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** Debian's Chromium, or `CHROMIUM_PATH`. A missing browser is a set-up error, never a skip. */
export function chromiumExecutable(): string {
  const executable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new ConfigurationError(
      `Chromium not found at ${executable}. Install it with scripts/setup.sh (Debian package "chromium") or set CHROMIUM_PATH.`,
    );
  }
  return executable;
}

/** Launches Debian's Chromium headless with the project's flags, through Playwright. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
}
