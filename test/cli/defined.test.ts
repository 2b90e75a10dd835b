import { describe, expect, test } from 'vitest';
import { defined } from '../../src/lib/cli';

describe('defined', () => {
  test('drops the keys whose value is undefined and keeps the rest as given', () => {
    const result = defined({ token: undefined, pin: '1234', forks: 0, finalize: false, note: '' });
    expect(result).toEqual({ pin: '1234', forks: 0, finalize: false, note: '' });
    expect(Object.keys(result)).toEqual(['pin', 'forks', 'finalize', 'note']);
    expect('token' in result).toBe(false);
  });

  test('a missing key lets a default spread before it stand', () => {
    const options = { folder: 'docs', ...defined({ folder: undefined as string | undefined }) };
    expect(options.folder).toBe('docs');
  });

  test('null is a value, not an absent option', () => {
    expect(defined({ value: null })).toEqual({ value: null });
  });

  test('nothing given is an empty object', () => {
    expect(defined({ a: undefined, b: undefined })).toEqual({});
  });
});
