/**
 * Runs the Docusaurus build as a child process and turns a failure into findings that name the
 * source file and the target of every broken link, anchor and Markdown link.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  attachSources,
  parseBrokenLinkReport,
  readRouteSources,
  type BrokenLink,
} from './broken-links';

export { formatBrokenLink, parseBrokenLinkReport, type BrokenLink } from './broken-links';
export { builtSite } from './built-site';

export interface SiteBuildOptions {
  /** The folder with `docusaurus.config.ts`. */
  siteDir: string;
  /** Output folder. Default `<siteDir>/build`. */
  outDir?: string;
  /** Extra environment for the build (e.g. `SITE_BASE_URL`). */
  env?: NodeJS.ProcessEnv;
  /** Called with each chunk of the build's output, for progress. */
  onOutput?: (chunk: string) => void;
}

export interface SiteBuildResult {
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  /** Everything the build printed, stdout and stderr interleaved. */
  output: string;
  brokenLinks: BrokenLink[];
}

/** Path of the `docusaurus` CLI of the installed `@docusaurus/core`. */
export function docusaurusCli(fromDir: string): string {
  const require = createRequire(path.join(fromDir, 'package.json'));
  return path.join(
    path.dirname(require.resolve('@docusaurus/core/package.json')),
    'bin',
    'docusaurus.mjs',
  );
}

export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const started = performance.now();
  const args = [docusaurusCli(options.siteDir), 'build', options.siteDir];
  if (options.outDir !== undefined) args.push('--out-dir', options.outDir);
  const child = spawn(process.execPath, args, {
    cwd: options.siteDir,
    env: { ...process.env, ...options.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output += text;
    options.onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const ok = exitCode === 0;
  const brokenLinks = ok
    ? []
    : attachSources(parseBrokenLinkReport(output), await readRouteSources(options.siteDir));
  return { ok, exitCode, durationMs: performance.now() - started, output, brokenLinks };
}
