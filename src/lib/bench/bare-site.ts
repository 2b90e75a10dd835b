/**
 * A bare Docusaurus classic TypeScript site, made by the installed `create-docusaurus` (the same
 * version as the project's Docusaurus) in a temporary folder and sharing the project's
 * node_modules: the baseline the site benchmarks compare against.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BareSite {
  dir: string;
  remove(): Promise<void>;
}

export async function createBareSite(projectDir: string): Promise<BareSite> {
  const parent = await mkdtemp(path.join(tmpdir(), 'bare-docusaurus-'));
  const require = createRequire(path.join(projectDir, 'package.json'));
  const cli = path.join(
    path.dirname(require.resolve('create-docusaurus/package.json')),
    'bin',
    'index.js',
  );
  await run(
    process.execPath,
    [cli, 'bare', 'classic', parent, '--typescript', '--skip-install', '--package-manager', 'npm'],
    {
      cwd: parent,
      env: { ...process.env, CI: 'true' },
    },
  );
  const dir = path.join(parent, 'bare');
  await symlink(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rm(parent, { recursive: true, force: true }) };
}

/** Removes what makes a Docusaurus build warm: its output, generated files and bundler cache. */
export async function clearBuildState(siteDir: string, outDir: string): Promise<void> {
  for (const folder of [
    outDir,
    path.join(siteDir, '.docusaurus'),
    path.join(siteDir, 'node_modules', '.cache'),
  ]) {
    await rm(folder, { recursive: true, force: true });
  }
}
