/**
 * Cold Docusaurus builds of several sites, alternately (one of each per run), so that drift in the
 * machine's load hits every site alike. Used by bench:build and bench:site.
 */
import { buildSite } from '../site-build';
import { clearBuildState } from './bare-site';

export interface ColdBuildTarget<Name extends string> {
  name: Name;
  siteDir: string;
  outDir: string;
}

/** What the caller is told as the builds go: before a build, after it, or when it failed. */
export type ColdBuildEvent<Name extends string> =
  | { kind: 'start'; name: Name; run: number; runs: number }
  | { kind: 'built'; name: Name; run: number; runs: number; seconds: number }
  | { kind: 'failed'; name: Name; run: number; runs: number; output: string };

/**
 * `runs` cold builds of each target (output, `.docusaurus/` and the bundler cache cleared first),
 * in the targets' order within each run; the seconds of each, or undefined once one failed.
 */
export async function alternateColdBuilds<Name extends string>(
  targets: readonly ColdBuildTarget<Name>[],
  runs: number,
  progress: (event: ColdBuildEvent<Name>) => void,
): Promise<Record<Name, number[]> | undefined> {
  const times = Object.fromEntries(targets.map(({ name }) => [name, []])) as unknown as Record<
    Name,
    number[]
  >;
  for (let run = 1; run <= runs; run++) {
    for (const { name, siteDir, outDir } of targets) {
      progress({ kind: 'start', name, run, runs });
      await clearBuildState(siteDir, outDir);
      const result = await buildSite({ siteDir, outDir });
      if (!result.ok) {
        progress({ kind: 'failed', name, run, runs, output: result.output });
        return undefined;
      }
      const seconds = result.durationMs / 1000;
      times[name].push(seconds);
      progress({ kind: 'built', name, run, runs, seconds });
    }
  }
  return times;
}
