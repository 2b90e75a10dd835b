/**
 * The rule that makes a hang a hang: still running after the bound AND blocked, with no CPU
 * progress, in a futex wait or (for daemon-backed modules) a socket or poll wait. A slow child is
 * not a hazard; a child blocked elsewhere or spinning is a failure of the run ("stuck"), never a
 * hazard either.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { EXAMPLES_DIR, PATTERNS, runChecked } from '../../src/lib/examples/index';

const ends: Record<string, string> = {};

beforeAll(async () => {
  await runChecked('make', ['-s', '-C', EXAMPLES_DIR, '-j2', 'all'], { timeoutMs: 300_000 });
  const { stdout } = await runChecked(
    path.join(EXAMPLES_DIR, 'build', 'classify-selftest'),
    ['300'],
    { timeoutMs: 30_000 },
  );
  for (const line of stdout.trim().split('\n')) {
    const [name = '', end = ''] = line.split(' ');
    ends[name] = end;
  }
});

describe('child classification (examples/common/p11ex.c)', () => {
  it('counts a child that is slow but finishes within the second bound as clean', () => {
    expect(ends.slow).toBe('ok');
  });

  it('counts a child deadlocked on a mutex (futex wait, no progress) as hung', () => {
    expect(ends.deadlock).toBe('hung');
  });

  it('counts a child waiting on a socket for an answer (a daemon-backed module) as hung', () => {
    expect(ends.socket).toBe('hung');
  });

  it('counts a child blocked on a pipe, or spinning, as stuck rather than hung', () => {
    expect(ends.pipe).toBe('stuck');
    expect(ends.spin).toBe('stuck');
  });

  it('tells crashes from failed exits', () => {
    expect(ends.crash).toBe('crashed');
    expect(ends.fail).toBe('failed');
  });
});

describe('sanitizer builds', () => {
  it('instrument every single-threaded example with ASan and UBSan', () => {
    const single = PATTERNS.filter((p) => p.condition === 'single');
    expect(single.length).toBe(5);
    for (const pattern of single) {
      const binary = readFileSync(path.join(EXAMPLES_DIR, 'build', 'san', pattern.id), 'latin1');
      expect(binary, pattern.id).toContain('__asan_init');
      expect(binary, pattern.id).toContain('__ubsan_handle');
    }
  });
});
