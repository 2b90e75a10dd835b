/**
 * The daemon-backed module configurations (`opensc`: pcscd + the virtual card; `tpm2`: swtpm +
 * tpm2-abrmd on a private D-Bus) when a component dies: the harness names the component, a
 * program on the configuration fails instead of passing, and stopping leaves no process and no
 * folder behind. A missing Debian package makes set-up throw with the install hint: a failure,
 * never a skip.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  EXAMPLES_DIR,
  leftoverProcesses,
  openEnvironment,
  runCommand,
  serveEnvironment,
  startOpenscStack,
  type ModuleEnvironment,
} from '../../src/lib/examples/index';

/** Runs keygen (log in, find the key, sign and verify once) on the environment. */
async function signOnce(env: ModuleEnvironment): Promise<number | null> {
  const { config } = env;
  const result = await runCommand(
    path.join(EXAMPLES_DIR, 'build', 'p11ex-keygen'),
    ['--module', config.modulePath, '--token', config.token],
    { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env.variables }, timeoutMs: 60_000 },
  );
  return result.code;
}

function serviceNamed(env: ModuleEnvironment, name: string): { pid: number } {
  const service = env.provisioned.services.find((s) => s.name === name);
  if (!service) throw new Error(`no service ${name} in ${env.config.id}`);
  return service;
}

async function killAndExpect(id: 'opensc' | 'tpm2', component: string): Promise<void> {
  const env = await openEnvironment(id);
  try {
    // Healthy first: the same program passes before the fault.
    expect(await signOnce(env)).toBe(0);
    process.kill(serviceNamed(env, component).pid, 'SIGKILL');
    const death = await env.firstDeath;
    expect(death).toBe(`${component} exited (SIGKILL)`);
    expect(env.provisioned.deaths()).toContain(death);
    expect(await signOnce(env)).not.toBe(0);
  } finally {
    await env.provisioned.dispose();
  }
  expect(leftoverProcesses(env.marker)).toEqual([]);
  expect(existsSync(env.provisioned.workDir)).toBe(false);
}

describe('a component of a daemon-backed configuration dies', () => {
  it('the virtual card is killed (card removed): named, signing fails, nothing left', async () => {
    await killAndExpect('opensc', 'virtual card (vcard-bridge)');
  }, 120_000);

  it('pcscd is killed: named, signing fails, nothing left', async () => {
    await killAndExpect('opensc', 'pcscd');
  }, 120_000);

  it('swtpm is killed: named, signing fails, nothing left', async () => {
    await killAndExpect('tpm2', 'swtpm');
  }, 120_000);

  it('npm run examples -- --env exits 1 naming the dead component and removes everything', async () => {
    const cli = spawn('npx', ['tsx', 'scripts/examples.ts', '--env', 'tpm2', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const printed = new Promise<{
      services: { name: string; pid: number }[];
      workDir: string;
      variables: Record<string, string>;
    }>((resolve, reject) => {
      cli.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line) as never);
      });
      cli.once('exit', (code) => {
        reject(new Error(`--env exited ${String(code)} before printing:\n${stderr}`));
      });
    });
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    const info = await printed;
    const swtpm = info.services.find((s) => s.name === 'swtpm');
    expect(swtpm).toBeDefined();
    process.kill(swtpm?.pid ?? 0, 'SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr).toContain('component died: swtpm exited (SIGKILL)');
    expect(existsSync(info.workDir)).toBe(false);
    expect(leftoverProcesses(info.variables.P11EX_RUN_ID ?? '')).toEqual([]);
  }, 120_000);

  it('set-up names a missing part and how to get it, instead of skipping', async () => {
    await expect(
      startOpenscStack({
        dir: os.tmpdir(),
        bridge: path.join(os.tmpdir(), 'no-such-vcard-bridge'),
        label: 'forktest',
        pin: '1234',
        env: {},
      }),
    ).rejects.toThrow(/vcard-bridge not found at .*no-such-vcard-bridge: run `make -C examples`/);
  });

  it('--exec runs a command in the environment and passes its failure on', async () => {
    const env = await openEnvironment('tpm2');
    const result = await serveEnvironment(env, 'test "$P11EX_TOKEN" = forktest && exit 3');
    expect(result.commandCode).toBe(3);
    expect(result.death).toBeUndefined();
    expect(result.leftovers).toEqual([]);
    expect(result.folderRemoved).toBe(true);
  }, 120_000);
});
