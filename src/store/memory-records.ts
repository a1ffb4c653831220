/**
 * Record collections for the in-process store (store.ts, RecordCollections): per collection, the
 * records by id with the revision of their last change, and a change log sorted by revision so that
 * "what changed after revision r" is a binary search, not a scan of every record. Superseded log
 * entries are dropped once they outnumber the live ones, so the log stays within twice the ids;
 * deletions past the newest `tombstonesKept` are forgotten, so the ids are what is there plus that.
 */
import type { RecordChange, RecordCollections, RecordCondition } from './store.js';

interface Collection {
  revision: number;
  /** Current value (null: deleted, kept as a tombstone so readers following changes see it) and revision. */
  records: Map<string, { value: string | null; revision: number }>;
  /** Changes in revision order; an entry is current while its record's revision equals its own. */
  log: { id: string; revision: number }[];
  /** The tombstones' ids → revisions, oldest deletion first (a Map keeps insertion order). */
  tombstones: Map<string, number>;
  /** The newest revision of a forgotten tombstone. */
  forgottenThrough: number;
}

export function createMemoryRecords(tombstonesKept: number): { records: RecordCollections; clear: () => void } {
  const collections = new Map<string, Collection>();

  const collectionOf = (name: string): Collection => {
    let collection = collections.get(name);
    if (collection === undefined) {
      collection = { revision: 0, records: new Map(), log: [], tombstones: new Map(), forgottenThrough: 0 };
      collections.set(name, collection);
    }
    return collection;
  };

  const forgetOldTombstones = (collection: Collection): void => {
    for (const [id, revision] of collection.tombstones) {
      if (collection.tombstones.size <= tombstonesKept) break;
      collection.tombstones.delete(id);
      collection.records.delete(id);
      collection.forgottenThrough = revision;
    }
  };

  const change = (collection: Collection, id: string, value: string | null): number => {
    const revision = ++collection.revision;
    collection.records.set(id, { value, revision });
    collection.log.push({ id, revision });
    collection.tombstones.delete(id);
    if (value === null) {
      collection.tombstones.set(id, revision);
      forgetOldTombstones(collection);
    }
    if (collection.log.length > 2 * collection.records.size + 64) {
      collection.log = collection.log.filter((entry) => collection.records.get(entry.id)?.revision === entry.revision);
    }
    return revision;
  };

  const current = (name: string, id: string): string | null => collections.get(name)?.records.get(id)?.value ?? null;

  const records: RecordCollections = {
    async readRecord(name, id) {
      return current(name, id);
    },

    async readRecords(name, ids) {
      return ids.map((id) => current(name, id));
    },

    async writeRecord(name, id, value, condition?: RecordCondition) {
      const existing = current(name, id);
      if (condition && 'ifAbsent' in condition && existing !== null) return null;
      if (condition && 'ifValue' in condition && existing !== condition.ifValue) return null;
      return change(collectionOf(name), id, value);
    },

    async deleteRecord(name, id, condition) {
      const existing = current(name, id);
      if (existing === null || (condition !== undefined && existing !== condition.ifValue)) return null;
      return change(collectionOf(name), id, null);
    },

    async changedRecords(name, afterRevision, limit) {
      const collection = collections.get(name);
      if (collection === undefined || afterRevision >= collection.revision) return [];
      const { log } = collection;
      // First entry with a revision above afterRevision.
      let low = 0;
      let high = log.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((log[middle] as { revision: number }).revision <= afterRevision) low = middle + 1;
        else high = middle;
      }
      const changes: RecordChange[] = [];
      for (let i = low; i < log.length && changes.length < limit; i++) {
        const entry = log[i] as { id: string; revision: number };
        const record = collection.records.get(entry.id);
        if (record?.revision === entry.revision) changes.push({ id: entry.id, value: record.value, revision: entry.revision });
      }
      return changes;
    },

    async deletionsForgottenThrough(name) {
      return collections.get(name)?.forgottenThrough ?? 0;
    },
  };
  return { records, clear: () => collections.clear() };
}
