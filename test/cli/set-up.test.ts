import { describe, expect, test } from 'vitest';
import { asSetUp, ConfigurationError } from '../../src/lib/cli';

describe('asSetUp', () => {
  test('hands a result through unchanged', async () => {
    await expect(asSetUp(Promise.resolve(42))).resolves.toBe(42);
  });

  test('turns any failure into a ConfigurationError with the same message', async () => {
    const failing = asSetUp(Promise.reject(new Error('softhsm2-util not found: apt-get install')));
    await expect(failing).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failing).rejects.toThrow('softhsm2-util not found: apt-get install');
  });
});
