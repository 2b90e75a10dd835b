/**
 * The machine a results file was measured on: the hazard rates depend on it (CPUs, kernel, the C
 * library's locks), so results.json describes it beside the counts.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';

import { packageVersions } from './host-modules';
import type { Machine } from './results';

/** Packages whose code runs in every measured process, whatever the module. */
const SYSTEM_PACKAGES = ['libc6', 'gcc', 'libssl3'];

async function osName(): Promise<string> {
  try {
    const release = await readFile('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

export async function describeMachine(): Promise<Machine> {
  return {
    arch: os.arch(),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    kernel: os.release(),
    os: await osName(),
    packages: await packageVersions(SYSTEM_PACKAGES),
  };
}
