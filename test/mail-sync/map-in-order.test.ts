/** src/lib/mail-sync/map-in-order.ts: the bounded, order-keeping map the sync writes files with. */
import { describe, expect, test } from 'vitest';
import { mapInOrder } from '../../src/lib/mail-sync/map-in-order';

/** A promise settled from outside, so a test decides the order in which work finishes. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapInOrder', () => {
  test('returns the results in the items’ order, whatever order the work finishes in', async () => {
    const pending = [0, 1, 2, 3].map(() => deferred<string>());
    const started: number[] = [];
    const mapped = mapInOrder([0, 1, 2, 3], 4, (item) => {
      started.push(item);
      return pending[item]?.promise ?? Promise.reject(new Error('no item'));
    });
    for (const index of [3, 1, 0, 2]) pending[index]?.resolve(`item ${index}`);
    await expect(mapped).resolves.toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  test('runs at most `limit` items at a time, starting the next as one finishes', async () => {
    const pending = [0, 1, 2, 3, 4].map(() => deferred<number>());
    const started: number[] = [];
    const mapped = mapInOrder([0, 1, 2, 3, 4], 2, (item) => {
      started.push(item);
      return pending[item]?.promise ?? Promise.reject(new Error('no item'));
    });
    await settle();
    expect(started).toEqual([0, 1]);
    pending[1]?.resolve(1);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const item of [0, 2, 3, 4]) pending[item]?.resolve(item);
    await expect(mapped).resolves.toEqual([0, 1, 2, 3, 4]);
  });

  test('after a failure starts nothing more, and throws once the started work is done', async () => {
    const pending = [0, 1, 2, 3].map(() => deferred<number>());
    const started: number[] = [];
    let settled = false;
    const mapped = mapInOrder([0, 1, 2, 3], 2, (item) => {
      started.push(item);
      return pending[item]?.promise ?? Promise.reject(new Error('no item'));
    }).finally(() => {
      settled = true;
    });
    mapped.catch(() => undefined);
    pending[0]?.reject(new Error('disk full'));
    await settle();
    expect(settled).toBe(false);
    pending[1]?.resolve(1);
    await expect(mapped).rejects.toThrow('disk full');
    expect(started).toEqual([0, 1]);
  });

  test('an empty list maps to an empty list', async () => {
    await expect(mapInOrder([], 8, () => Promise.resolve(1))).resolves.toEqual([]);
  });
});
