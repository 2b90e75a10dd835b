/**
 * `npm run bench:build`'s one job: cold Docusaurus build times of this site and of a bare classic
 * TypeScript site of the same Docusaurus version, built alternately in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBareSite } from './bare-site';
import { alternateColdBuilds } from './cold-builds';

export interface BuildBenchmarkOptions {
  projectDir: string;
  /** Builds of each site. */
  runs: number;
  /** Progress lines. */
  log: (line: string) => void;
  /** The tail of a failed build's output, as the build printed it. */
  buildOutput: (text: string) => void;
}

/** Seconds of every build of each site; undefined when a build failed. */
export async function runBuildBenchmark(
  options: BuildBenchmarkOptions,
): Promise<{ bare: number[]; project: number[] } | undefined> {
  const { projectDir, runs, log } = options;
  const bare = await createBareSite(projectDir);
  const outRoot = await mkdtemp(path.join(tmpdir(), 'bench-build-out-'));
  try {
    const targets = [
      { name: 'bare' as const, siteDir: bare.dir, outDir: path.join(outRoot, 'bare') },
      { name: 'project' as const, siteDir: projectDir, outDir: path.join(outRoot, 'project') },
    ];
    return await alternateColdBuilds(targets, runs, (event) => {
      if (event.kind === 'built')
        log(`run ${event.run}/${runs}: ${event.name} ${event.seconds.toFixed(1)} s`);
      else if (event.kind === 'failed') {
        options.buildOutput(event.output.slice(-3000));
        log(`The ${event.name} build failed on run ${event.run}.`);
      }
    });
  } finally {
    await bare.remove();
    await rm(outRoot, { recursive: true, force: true });
    await rm(path.join(projectDir, '.docusaurus'), { recursive: true, force: true });
  }
}
