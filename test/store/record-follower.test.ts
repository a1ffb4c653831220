/**
 * RecordFollower on both stores: a copy of a record collection that stays exact even when it fell
 * so far behind that the store forgot deletions it had not read (tombstonesKept).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { RecordFollower } from '../../src/store/record-follower.js';
import type { Store } from '../../src/store/store.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

const stores = new TestStores();
afterAll(() => stores.closeAll());

/** A follower that reads only when told (no timer within a test, no channel messages). */
function follow(store: Store): { follower: RecordFollower<string>; changedIds: string[] } {
  const changedIds: string[] = [];
  const follower = new RecordFollower<string>({
    store,
    collection: 'things',
    channel: 'things:changed',
    parse: (raw) => raw,
    onChange: (ids) => changedIds.push(...ids),
    logger: createLogger('silent'),
    intervalMs: 3_600_000,
  });
  return { follower, changedIds };
}

/** What the collection holds now, read from the store itself. */
async function liveIds(store: Store): Promise<string[]> {
  const changes = await store.changedRecords('things', 0, 10_000);
  return changes.filter((change) => change.value !== null).map((change) => change.id).sort();
}

describe.each(storeKinds)('RecordFollower on the %s store', (kind) => {
  it('drops a record whose deletion the store forgot before the copy read it', async () => {
    const store = await stores.create(kind, { tombstonesKept: 3 });
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5']) await store.writeRecord('things', id, id);
    const { follower, changedIds } = follow(store);
    await follower.start();
    try {
      expect([...follower.ids()].sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
      // Four deletions while the copy does not read: the first one's tombstone is forgotten.
      for (const id of ['r1', 'r2', 'r3', 'r4']) await store.deleteRecord('things', id);
      await store.writeRecord('things', 'r6', 'r6');
      expect(await store.deletionsForgottenThrough('things')).toBeGreaterThan(0);
      changedIds.length = 0;
      await follower.refresh();
      expect([...follower.ids()].sort()).toEqual(['r5', 'r6']);
      expect(new Set(changedIds)).toEqual(new Set(['r1', 'r2', 'r3', 'r4', 'r6']));
      expect(follower.get('r6')).toBe('r6');
    } finally {
      await follower.stop();
    }
  });

  it('ends equal to the collection after records come and go faster than the tombstones are kept', async () => {
    const store = await stores.create(kind, { tombstonesKept: 3 });
    const { follower } = follow(store);
    await follower.start();
    try {
      const churn = (async () => {
        for (let i = 0; i < 150; i++) {
          await store.writeRecord('things', `order-${i}`, 'open');
          if (i % 5 !== 0) await store.deleteRecord('things', `order-${i}`);
        }
      })();
      const reading = (async () => {
        for (let i = 0; i < 20; i++) await follower.refresh();
      })();
      await Promise.all([churn, reading]);
      await follower.refresh();
      const expected = await liveIds(store);
      expect(expected).toHaveLength(30);
      expect([...follower.ids()].sort()).toEqual(expected);
    } finally {
      await follower.stop();
    }
  });
});
