/**
 * What bench:site checks before it spends minutes building: Chromium and Lighthouse. A build
 * given to reuse is checked by the CLI, with builtSite (src/lib/site-build).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromiumExecutable } from '../../chromium';
import { ConfigurationError } from '../../errors';
import { chromiumMissingMessage } from '../lighthouse';

/** Fails early, before any build, when Chromium or Lighthouse is missing. */
export async function checkSetup(): Promise<void> {
  try {
    chromiumExecutable();
  } catch {
    throw new ConfigurationError(chromiumMissingMessage());
  }
  try {
    await import('lighthouse');
  } catch (error) {
    throw new ConfigurationError(
      `Lighthouse cannot be loaded (npm ci): ${(error as Error).message}`,
    );
  }
}

/** The Lighthouse version package.json pins, so the report never names a version typed twice. */
export async function lighthouseVersion(projectDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const version = manifest.devDependencies?.lighthouse ?? manifest.dependencies?.lighthouse;
  if (version === undefined)
    throw new ConfigurationError(
      'package.json lists no lighthouse; add it (npm install -D lighthouse)',
    );
  return version;
}
