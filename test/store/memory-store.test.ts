/**
 * The in-process store: the shared contract, plus what only it has (the LRU bound, an injected
 * clock).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { storeSuite } from './store-suite.js';

describe('memory store', () => {
  storeSuite(async (options) => createMemoryStore(options));

  it('evicts the least recently used keys past maxEntries, TTL-bound ones first', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    await store.set('record', 'kept', undefined);
    await store.set('cache-a', 'a', 60_000);
    await store.set('cache-b', 'b', 60_000);
    await store.get('cache-a');
    await store.set('cache-c', 'c', 60_000);
    // cache-b was the least recently used cache entry; the record is older but has no TTL.
    expect(await store.mget(['record', 'cache-a', 'cache-b', 'cache-c'])).toEqual(['kept', 'a', null, 'c']);

    await store.mset([{ key: 'r2', value: '2' }, { key: 'r3', value: '3' }, { key: 'r4', value: '4' }]);
    // Only records are left to evict now, so the bound holds by evicting the oldest of them.
    expect(await store.mget(['record', 'cache-a', 'cache-c', 'r2', 'r3', 'r4'])).toEqual([null, null, null, '2', '3', '4']);
    await store.close();
  });

  it('keeps at most maxEntries keys however many are written', async () => {
    const store = createMemoryStore({ maxEntries: 100 });
    await store.mset(Array.from({ length: 1_000 }, (_, i) => ({ key: `k${i}`, value: String(i), ttlMs: 60_000 })));
    const values = await store.mget(Array.from({ length: 1_000 }, (_, i) => `k${i}`));
    expect(values.filter((value) => value !== null)).toHaveLength(100);
    expect(values.slice(900)).toEqual(Array.from({ length: 100 }, (_, i) => String(900 + i)));
    await store.close();
  });

  it('follows the injected clock for TTLs, windows, budgets and locks', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    await store.set('k', 'v', 100);
    expect(await store.hitWindow('w', 1, 1_000)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    now += 400;
    expect(await store.hitWindow('w', 1, 1_000)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 600 });
    expect(await store.reserveBudget('b', 5, 10, 1_000)).toEqual({ ok: true, used: 5, resetInMs: 1_000 });
    expect(await store.acquireLock('l', 'alice', 500)).toBe(true);
    expect(await store.get('k')).toBeNull();
    now += 600;
    expect(await store.hitWindow('w', 1, 1_000)).toMatchObject({ allowed: true });
    expect(await store.reserveBudget('b', 10, 10, 1_000)).toEqual({ ok: false, used: 5, resetInMs: 400 });
    expect(await store.acquireLock('l', 'bob', 500)).toBe(true);
    await store.close();
  });

  it('rejects a maxEntries that is not a positive integer, naming what it got', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow('maxEntries must be a positive integer, received 0');
  });
});
