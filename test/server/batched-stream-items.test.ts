/**
 * The merging of streamed items (server/use-batched-stream-items.ts) on its own: runs of one list's
 * consecutive items become one entry at the first item's index; anything that would change what a
 * client builds (another list, a gap in the indices, a label, errors) stays apart. The whole-gateway
 * behaviour is in test/streaming/stream-directive.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { batchStreamedItems } from '../../src/server/use-batched-stream-items.js';

const item = (list: string, index: number, extra: Record<string, unknown> = {}) => ({ items: [`${list}${index}`], path: [list, index], ...extra });

describe('batchStreamedItems', () => {
  it('merges a run of one list into one entry at its first index', () => {
    expect(batchStreamedItems([item('a', 3), item('a', 4), item('a', 5)])).toEqual([{ items: ['a3', 'a4', 'a5'], path: ['a', 3] }]);
  });

  it('keeps apart other lists, gaps in the indices, other labels, errors and deferred data', () => {
    const input = [
      item('a', 0),
      item('b', 1),
      item('b', 3),
      item('b', 4, { label: 'x' }),
      item('b', 5, { label: 'x', errors: [{ message: 'no' }] }),
      { data: { x: 1 }, path: ['c'] },
      item('b', 6, { label: 'x' }),
    ];
    expect(batchStreamedItems(input)).toEqual(input);
  });

  it('leaves the entries it was given as they were', () => {
    const input = [item('a', 0), item('a', 1)];
    batchStreamedItems(input);
    expect(input).toEqual([item('a', 0), item('a', 1)]);
  });
});
