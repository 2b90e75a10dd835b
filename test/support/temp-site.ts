/**
 * A throw-away copy of this site's sources in a temporary folder, sharing the project's
 * node_modules, so a test can add a page and build without touching the working tree.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const PROJECT_DIR = path.resolve(import.meta.dirname, '..', '..');

const SITE_SOURCES = [
  'package.json',
  'tsconfig.json',
  'docusaurus.config.ts',
  'sidebars.ts',
  'sidebars.dogfood.ts',
  'docs',
  'dogfood',
  'src',
  'static',
  'examples',
  // Records the guide links (/errata/E-0001) and the errata notices read.
  'errata',
];

/** Build products inside the sources are not sources. */
const NOT_COPIED = new Set(['build', 'node_modules', '.docusaurus']);

export interface TempSite {
  dir: string;
  /** Writes a file relative to the site folder, creating folders as needed. */
  write(relativePath: string, content: string): Promise<void>;
  remove(): Promise<void>;
}

export async function createTempSite(): Promise<TempSite> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pkcs11-site-'));
  for (const entry of SITE_SOURCES) {
    await cp(path.join(PROJECT_DIR, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !NOT_COPIED.has(path.basename(source)),
    });
  }
  await symlink(path.join(PROJECT_DIR, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  // Last-updated dates read git history; give the copy a repository with one commit.
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@invalid', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'site copy');
  return {
    dir,
    write: async (relativePath, content) => {
      const target = path.join(dir, relativePath);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
