/** The bound every example run gets: the whole process group goes at the deadline. */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { runCommand } from '../../src/lib/examples/index';

function isAlive(pid: number): boolean {
  try {
    // Field 3 of /proc/<pid>/stat is the state; a zombie has already died.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('runCommand', () => {
  it('kills a run that exceeds its bound, grandchildren included', async () => {
    const result = await runCommand('sh', ['-c', 'sleep 60 & echo $!; wait'], {
      timeoutMs: 500,
    });
    expect(result.timedOut).toBe(true);
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('reports exit status and output of a run within its bound', async () => {
    const result = await runCommand('sh', ['-c', 'echo out; echo err >&2; exit 3'], {
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ code: 3, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });
});
