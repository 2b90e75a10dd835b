import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFixtureSite, PROJECT_DIR, type FixtureSite } from './fixture-site';

const TSX = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
const SCRIPT = path.join(PROJECT_DIR, 'scripts', 'errata.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npm run errata -- …` (the script itself) in `cwd`. */
async function errata(cwd: string, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let site: FixtureSite;
beforeAll(async () => {
  site = await createFixtureSite();
});
afterAll(async () => {
  await site.remove();
});

describe('npm run errata (spawned sparingly; the library tests cover the behaviour)', () => {
  test('validate exits 0 on valid errata, 1 with GitHub annotations on findings', async () => {
    const ok = await errata(site.dir, 'validate');
    expect(ok).toMatchObject({ code: 0, stdout: '8 errata file(s) checked: all valid.\n' });

    await site.edit(
      'errata/E-0002.yaml',
      'status: under-review\naffects',
      'status: reported\naffects',
    );
    const bad = await errata(site.dir, 'validate', '--format', 'github');
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')[0]).toBe(
      '::error file=errata/E-0002.yaml,line=6,col=9,title=errata history-status::status: status is reported but the last history entry says under-review: add a history entry for the change, or correct status',
    );
    await site.edit(
      'errata/E-0002.yaml',
      'status: reported\naffects',
      'status: under-review\naffects',
    );
  });

  test('usage errors exit 2 with the corrected call; an unknown command lists the commands', async () => {
    const unknown = await errata(site.dir, 'sync-everything');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'error: sync-everything is not a command; expected one of: validate, new, screen, list, log, sync-mail, sync-github',
    );
    const badStatus = await errata(site.dir, 'list', '--status', 'done');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status done is not offered; expected one of: reported,');
    const noTitle = await errata(site.dir, 'new');
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain(
      'new needs a title: npm run errata -- new --title "What is wrong"',
    );
  });

  test('every command has --help, and the overview lists only the commands that exist', async () => {
    const overview = await errata(site.dir, '--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).not.toMatch(/sync-everything/);
    for (const command of [
      'validate',
      'new',
      'screen',
      'list',
      'log',
      'sync-mail',
      'sync-github',
    ]) {
      expect(overview.stdout).toContain(`  ${command} `);
    }
    const help = await errata(site.dir, 'log', '--format', 'csv', '--help');
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout.startsWith('Usage: npm run errata -- log [--format markdown|csv]')).toBe(
      true,
    );
  });

  test('new prints the path of the record it created; list and log read the records', async () => {
    const listed = await errata(site.dir, 'list', '--status', 'rejected', '--format', 'json');
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((r) => r.id)).toEqual(['E-0004']);
    const created = await errata(site.dir, 'new', '--title', 'From the command line');
    expect(created).toMatchObject({ code: 0, stdout: 'errata/E-0007.yaml\n' });
    // The new record is unfinished (TODO in affects), so it is skipped with a note and exit 1.
    const log = await errata(site.dir, 'log', '--format', 'csv');
    expect(log.code).toBe(1);
    expect(log.stderr).toContain('skipped errata/E-0007.yaml: it is not valid');
    expect(log.stdout.split('\r\n')).toHaveLength(8);
  });
});
