/**
 * The contract every Store backend passes, run by memory-store.test.ts and redis-store.test.ts.
 * Timing-based cases use short real TTLs and windows (tens of ms) so the same test drives both
 * backends; the concurrency cases fire all calls at once and check exact totals.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, TransactResult } from '../../src/store/store.js';

/** A pub/sub handler that records what it got and lets a test wait for the nth message. */
export function recorder(): { handler: (message: string) => void; messages: string[]; received(count: number): Promise<void> } {
  const messages: string[] = [];
  return {
    messages,
    handler: (message) => void messages.push(message),
    async received(count) {
      const deadline = Date.now() + 2_000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${messages.length} of ${count} messages`);
        await sleep(5);
      }
    },
  };
}

const counter = (value: string | null): number => (value === null ? 0 : (JSON.parse(value) as { n: number }).n);

/** Registers the contract's tests; `create` returns a fresh store on an empty backend. */
export function storeSuite(create: (options?: { tombstonesKept?: number }) => Promise<Store>): void {
  let store: Store;
  beforeEach(async () => {
    store = await create();
  });
  afterEach(async () => {
    await store.close();
  });

  describe('keys', () => {
    it('gets, sets and mgets in key order, null where absent', async () => {
      await store.set('a', '1');
      await store.mset([{ key: 'b', value: '2' }, { key: 'c', value: '3', ttlMs: 60_000 }]);
      expect(await store.get('a')).toBe('1');
      expect(await store.get('missing')).toBeNull();
      expect(await store.mget(['c', 'missing', 'a', 'b'])).toEqual(['3', null, '1', '2']);
      expect(await store.mget([])).toEqual([]);
    });

    it('expires set and mset values after their TTL', async () => {
      await store.set('short', 'x', 40);
      await store.mset([{ key: 'short2', value: 'y', ttlMs: 40 }, { key: 'kept', value: 'z' }]);
      expect(await store.mget(['short', 'short2', 'kept'])).toEqual(['x', 'y', 'z']);
      await sleep(80);
      expect(await store.mget(['short', 'short2', 'kept'])).toEqual([null, null, 'z']);
      expect(await store.get('short')).toBeNull();
    });

    it('setIfAbsent sets only when the key is free, again once it expired', async () => {
      expect(await store.setIfAbsent('once', 'first', 40)).toBe(true);
      expect(await store.setIfAbsent('once', 'second')).toBe(false);
      expect(await store.get('once')).toBe('first');
      await sleep(80);
      expect(await store.setIfAbsent('once', 'third')).toBe(true);
      expect(await store.get('once')).toBe('third');
    });

    it('del removes a key and is a no-op on a missing one', async () => {
      await store.set('gone', 'x');
      await store.del('gone');
      await store.del('never-there');
      expect(await store.get('gone')).toBeNull();
    });
  });

  describe('hitWindow', () => {
    it('allows exactly max of 50 parallel hits and says when to retry', async () => {
      const hits = await Promise.all(Array.from({ length: 50 }, () => store.hitWindow('w', 10, 1_000)));
      const allowed = hits.filter((hit) => hit.allowed);
      expect(allowed).toHaveLength(10);
      expect(allowed.map((hit) => hit.remaining).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const hit of allowed) expect(hit.retryAfterMs).toBe(0);
      for (const refused of hits.filter((hit) => !hit.allowed)) {
        expect(refused.remaining).toBe(0);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
      }
      expect(await store.peekWindow('w', 10, 1_000)).toBe(0);
    });

    it('slides: hits leave the window windowMs after they were made', async () => {
      expect(await store.peekWindow('slide', 2, 150)).toBe(2);
      expect((await store.hitWindow('slide', 2, 150)).allowed).toBe(true);
      await sleep(60);
      expect(await store.hitWindow('slide', 2, 150)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      const refused = await store.hitWindow('slide', 2, 150);
      expect(refused.allowed).toBe(false);
      // The oldest hit is about 60 ms old, so a slot frees in about 90 ms.
      expect(refused.retryAfterMs).toBeGreaterThan(30);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(91);
      await sleep(refused.retryAfterMs + 5);
      expect(await store.peekWindow('slide', 2, 150)).toBe(1);
      expect((await store.hitWindow('slide', 2, 150)).allowed).toBe(true);
      expect((await store.hitWindow('slide', 2, 150)).allowed).toBe(false);
    });
  });

  describe('budgets', () => {
    it('never passes the limit under concurrency, and resets with its window', async () => {
      const reservations = await Promise.all(Array.from({ length: 30 }, () => store.reserveBudget('weight', 7, 100, 300)));
      const granted = reservations.filter((reservation) => reservation.ok);
      expect(granted).toHaveLength(14);
      expect(Math.max(...reservations.map((reservation) => reservation.used))).toBe(98);
      for (const reservation of reservations) {
        expect(reservation.resetInMs).toBeGreaterThan(0);
        expect(reservation.resetInMs).toBeLessThanOrEqual(300);
      }
      expect(await store.readBudget('weight')).toBe(98);
      expect(await store.reserveBudget('weight', 2, 100, 300)).toMatchObject({ ok: true, used: 100 });
      expect(await store.reserveBudget('weight', 1, 100, 300)).toMatchObject({ ok: false, used: 100 });
      await sleep(350);
      expect(await store.readBudget('weight')).toBe(0);
      expect(await store.reserveBudget('weight', 1, 100, 300)).toMatchObject({ ok: true, used: 1 });
    });

    it('refuses an amount above the limit on an empty counter without creating it', async () => {
      expect(await store.reserveBudget('big', 11, 10, 1_000)).toEqual({ ok: false, used: 0, resetInMs: 0 });
      expect(await store.readBudget('big')).toBe(0);
    });

    it('raiseBudget raises, never lowers, and keeps the window', async () => {
      await store.raiseBudget('reported', 50, 200);
      expect(await store.readBudget('reported')).toBe(50);
      await store.raiseBudget('reported', 30, 200);
      expect(await store.readBudget('reported')).toBe(50);
      await store.raiseBudget('reported', 80, 200);
      expect(await store.reserveBudget('reported', 30, 100, 200)).toMatchObject({ ok: false, used: 80 });
      const reservation = await store.reserveBudget('reported', 20, 100, 200);
      expect(reservation).toMatchObject({ ok: true, used: 100 });
      expect(reservation.resetInMs).toBeLessThanOrEqual(200);
      await sleep(250);
      expect(await store.readBudget('reported')).toBe(0);
    });
  });

  describe('transact', () => {
    it('ends at exactly 100 after 100 concurrent increments', async () => {
      const increment = (): Promise<number> =>
        store.transact(['counter'], ([value]) => {
          const n = counter(value ?? null) + 1;
          return { writes: { counter: JSON.stringify({ n }) }, result: n };
        });
      const results = await Promise.all(Array.from({ length: 100 }, increment));
      expect(results.sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(counter(await store.get('counter'))).toBe(100);
    });

    it('moves value between keys atomically: concurrent transfers never overdraw', async () => {
      // Keys of one transaction share a hash tag: one Redis Cluster slot.
      const [from, to] = ['acct:{t1}:from', 'acct:{t1}:to'] as const;
      await store.mset([{ key: from, value: '20' }, { key: to, value: '0' }]);
      const transfer = (): Promise<boolean> =>
        store
          .transact([from, to], ([a, b]) => {
            if (Number(a) < 1) throw new Error('insufficient');
            return { writes: { [from]: String(Number(a) - 1), [to]: String(Number(b) + 1) }, result: true };
          })
          .catch(() => false);
      const outcomes = await Promise.all(Array.from({ length: 40 }, transfer));
      expect(outcomes.filter(Boolean)).toHaveLength(20);
      expect(await store.mget([from, to])).toEqual(['0', '20']);
    });

    it('writes nothing when compute throws, and passes its error on', async () => {
      await store.set('doc:{t2}', '"before"');
      const failure = new Error('rejected by compute');
      await expect(
        store.transact(['doc:{t2}', 'other:{t2}'], () => {
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await store.mget(['doc:{t2}', 'other:{t2}'])).toEqual(['"before"', null]);
    });

    it('refuses keys without one shared hash tag (they could span Cluster slots), writing nothing', async () => {
      const compute = (): TransactResult<number> => ({ writes: { 'x:{a}': '1' }, result: 1 });
      await expect(store.transact(['x:{a}', 'y:{b}'], compute)).rejects.toThrow(/do not share one hash tag/);
      await expect(store.transact(['plain-a', 'plain-b'], compute)).rejects.toThrow(/do not share one hash tag/);
      expect(await store.get('x:{a}')).toBeNull();
    });

    it('reads many independent keys in one mget and writes them in one mset, across slots', async () => {
      const keys = Array.from({ length: 60 }, (_, i) => `candle-block:${i}`);
      await store.mset(keys.map((key, i) => ({ key, value: String(i), ttlMs: i % 2 === 0 ? 60_000 : undefined })));
      expect(await store.mget([...keys].reverse())).toEqual(keys.map((_, i) => String(i)).reverse());
    });

    it('resolves without writing when compute writes nothing, and rejects writes to keys not read', async () => {
      expect(await store.transact(['absent'], ([value]) => ({ writes: {}, result: value }))).toBeNull();
      await expect(store.transact(['a'], () => ({ writes: { b: '1' }, result: 0 }))).rejects.toThrow(/not among the keys read/);
      expect(await store.mget(['a', 'b'])).toEqual([null, null]);
    });
  });

  describe('locks', () => {
    it('is exclusive, re-entrant for its owner, and released only by its owner', async () => {
      expect(await store.acquireLock('lock', 'alice', 5_000)).toBe(true);
      expect(await store.acquireLock('lock', 'bob', 5_000)).toBe(false);
      expect(await store.acquireLock('lock', 'alice', 5_000)).toBe(true);
      await store.releaseLock('lock', 'bob');
      expect(await store.acquireLock('lock', 'bob', 5_000)).toBe(false);
      await store.releaseLock('lock', 'alice');
      expect(await store.acquireLock('lock', 'bob', 5_000)).toBe(true);
    });

    it('gives exactly one of many concurrent contenders the lock', async () => {
      const owners = Array.from({ length: 20 }, (_, i) => `owner-${i}`);
      const taken = await Promise.all(owners.map((owner) => store.acquireLock('contended', owner, 5_000)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it('expires after its TTL, and re-acquiring extends it', async () => {
      expect(await store.acquireLock('ttl', 'alice', 100)).toBe(true);
      await sleep(60);
      expect(await store.acquireLock('ttl', 'alice', 100)).toBe(true);
      await sleep(60);
      expect(await store.acquireLock('ttl', 'bob', 100)).toBe(false);
      await sleep(80);
      expect(await store.acquireLock('ttl', 'bob', 100)).toBe(true);
    });
  });

  describe('record collections', () => {
    it('writes, reads and deletes records, each change taking the next revision', async () => {
      expect(await store.readRecord('things', 'a')).toBeNull();
      expect(await store.writeRecord('things', 'a', 'one')).toBe(1);
      expect(await store.writeRecord('things', 'b', 'two')).toBe(2);
      expect(await store.writeRecord('other', 'a', 'elsewhere')).toBe(1);
      expect(await store.readRecord('things', 'a')).toBe('one');
      expect(await store.readRecords('things', ['b', 'missing', 'a'])).toEqual(['two', null, 'one']);
      expect(await store.readRecords('things', [])).toEqual([]);
      expect(await store.deleteRecord('things', 'a')).toBe(3);
      expect(await store.deleteRecord('things', 'a')).toBeNull();
      expect(await store.readRecord('things', 'a')).toBeNull();
      expect(await store.readRecord('other', 'a')).toBe('elsewhere');
    });

    it('writes conditionally: only when absent, or only over the value read (compare-and-set)', async () => {
      expect(await store.writeRecord('c', 'k', 'first', { ifAbsent: true })).toBe(1);
      expect(await store.writeRecord('c', 'k', 'second', { ifAbsent: true })).toBeNull();
      expect(await store.writeRecord('c', 'k', 'third', { ifValue: 'not-it' })).toBeNull();
      expect(await store.readRecord('c', 'k')).toBe('first');
      expect(await store.writeRecord('c', 'k', 'third', { ifValue: 'first' })).toBe(2);
      expect(await store.deleteRecord('c', 'k', { ifValue: 'first' })).toBeNull();
      expect(await store.deleteRecord('c', 'k', { ifValue: 'third' })).toBe(3);
      const creates = await Promise.all(Array.from({ length: 20 }, (_, i) => store.writeRecord('c', 'race', `v${i}`, { ifAbsent: true })));
      expect(creates.filter((revision) => revision !== null)).toHaveLength(1);
    });

    it('lists what changed after a revision, each id once at its last change, deletions as null, in pages', async () => {
      for (const id of ['a', 'b', 'c', 'd']) await store.writeRecord('feed', id, `${id}1`);
      await store.writeRecord('feed', 'b', 'b2');
      await store.deleteRecord('feed', 'c');
      expect(await store.changedRecords('feed', 0, 100)).toEqual([
        { id: 'a', value: 'a1', revision: 1 },
        { id: 'd', value: 'd1', revision: 4 },
        { id: 'b', value: 'b2', revision: 5 },
        { id: 'c', value: null, revision: 6 },
      ]);
      expect(await store.changedRecords('feed', 4, 100)).toEqual([
        { id: 'b', value: 'b2', revision: 5 },
        { id: 'c', value: null, revision: 6 },
      ]);
      expect(await store.changedRecords('feed', 6, 100)).toEqual([]);
      expect(await store.changedRecords('never-written', 0, 100)).toEqual([]);
      const firstPage = await store.changedRecords('feed', 0, 2);
      expect(firstPage.map((change) => change.id)).toEqual(['a', 'd']);
      const secondPage = await store.changedRecords('feed', firstPage[1]!.revision, 2);
      expect(secondPage.map((change) => change.id)).toEqual(['b', 'c']);
    });

    it('forgets the oldest deletions past tombstonesKept and says through which revision, so records that come and go take no room', async () => {
      const small = await create({ tombstonesKept: 2 });
      try {
        expect(await small.deletionsForgottenThrough('churn')).toBe(0);
        for (const id of ['a', 'b', 'c', 'd']) await small.writeRecord('churn', id, id);
        for (const id of ['a', 'b', 'c']) await small.deleteRecord('churn', id); // revisions 5, 6, 7
        expect(await small.deletionsForgottenThrough('churn')).toBe(5);
        expect(await small.changedRecords('churn', 0, 100)).toEqual([
          { id: 'd', value: 'd', revision: 4 },
          { id: 'b', value: null, revision: 6 },
          { id: 'c', value: null, revision: 7 },
        ]);
        // A deleted id written again is a record, not a tombstone: it does not count against the bound.
        await small.writeRecord('churn', 'b', 'b again'); // 8
        await small.deleteRecord('churn', 'd'); // 9: tombstones c, d
        expect(await small.deletionsForgottenThrough('churn')).toBe(5);
        await small.deleteRecord('churn', 'b'); // 10: c (7) is forgotten
        expect(await small.deletionsForgottenThrough('churn')).toBe(7);
        expect(await small.changedRecords('churn', 0, 100)).toEqual([
          { id: 'd', value: null, revision: 9 },
          { id: 'b', value: null, revision: 10 },
        ]);
        for (let i = 0; i < 50; i++) {
          await small.writeRecord('churn', `order-${i}`, 'open');
          await small.deleteRecord('churn', `order-${i}`);
        }
        expect(await small.changedRecords('churn', 0, 100)).toHaveLength(2);
        expect(await small.deletionsForgottenThrough('churn')).toBe(106); // the deletions at 108 and 110 are kept
        expect(await small.deletionsForgottenThrough('other')).toBe(0);
      } finally {
        await small.close();
      }
    });

    it('keeps following changes after many rewrites of the same records', async () => {
      for (let round = 0; round < 100; round++) {
        for (const id of ['x', 'y', 'z']) await store.writeRecord('busy', id, `${id}${round}`);
      }
      expect(await store.changedRecords('busy', 0, 100)).toEqual([
        { id: 'x', value: 'x99', revision: 298 },
        { id: 'y', value: 'y99', revision: 299 },
        { id: 'z', value: 'z99', revision: 300 },
      ]);
      expect(await store.changedRecords('busy', 298, 100)).toHaveLength(2);
    });
  });

  describe('pub/sub', () => {
    it('delivers to every subscriber in order, asynchronously, and stops after unsubscribe', async () => {
      const first = recorder();
      const second = recorder();
      const unsubscribeFirst = await store.subscribe('topic', first.handler);
      await store.subscribe('topic', second.handler);
      const publishing = store.publish('topic', 'one');
      expect(first.messages).toEqual([]);
      await publishing;
      await store.publish('topic', 'two');
      await first.received(2);
      await second.received(2);
      expect(first.messages).toEqual(['one', 'two']);

      await unsubscribeFirst();
      await store.publish('topic', 'three');
      await store.publish('elsewhere', 'not for us');
      // Both handlers are on one channel, so once the second has 'three' the first would have it too.
      await second.received(3);
      expect(first.messages).toEqual(['one', 'two']);
      expect(second.messages).toEqual(['one', 'two', 'three']);
    });

    it('keeps delivering to others when a handler throws, and resubscribes after the last left', async () => {
      const unsubscribeThrowing = await store.subscribe('topic', () => {
        throw new Error('handler bug');
      });
      const survivor = recorder();
      const unsubscribeSurvivor = await store.subscribe('topic', survivor.handler);
      await store.publish('topic', 'one');
      await survivor.received(1);
      await unsubscribeThrowing();
      await unsubscribeSurvivor();

      const again = recorder();
      await store.subscribe('topic', again.handler);
      await store.publish('topic', 'two');
      await again.received(1);
      expect(again.messages).toEqual(['two']);
      expect(survivor.messages).toEqual(['one']);
    });
  });

  it('answers ping', async () => {
    expect(await store.ping()).toBe(true);
  });
}
