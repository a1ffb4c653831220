/**
 * One instance's copy of the stored client keys (stored-api-key.ts), indexed by digest for the
 * per-request lookup (one Map lookup whatever the number of keys) and by id for checks and
 * listings. It applies the store's changes (RecordCollections.changedRecords) and remembers the
 * revision it has seen every change up to, so the next resync asks only for what came after.
 */
import type { Logger } from '../observability/logger.js';
import type { RecordChange } from '../store/store.js';
import { storedApiKeySchema, type StoredApiKey } from './stored-api-key.js';

interface Indexed {
  key: StoredApiKey;
  /** Revision of the change this entry came from. */
  revision: number;
}

export class StoredKeyIndex {
  private readonly byDigest = new Map<string, StoredApiKey>();
  private readonly byId = new Map<string, Indexed>();
  /** Every change up to this revision has been applied. */
  revision = 0;

  constructor(
    private readonly logger: Logger,
    /** Ids that API_KEYS holds: a stored key with one of them is ignored (the configuration wins). */
    private readonly reservedIds: ReadonlySet<string>,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  byDigestHex(digest: string): StoredApiKey | undefined {
    return this.byDigest.get(digest);
  }

  get(id: string): StoredApiKey | undefined {
    return this.byId.get(id)?.key;
  }

  all(): StoredApiKey[] {
    return [...this.byId.values()].map((entry) => entry.key);
  }

  /** Applies a page of changes, in revision order, and moves the seen revision past them. */
  applyChanges(changes: readonly RecordChange[]): void {
    for (const change of changes) {
      if (change.value === null) this.remove(change.id, change.revision);
      else this.applyRaw(change.id, change.value, change.revision);
      this.revision = Math.max(this.revision, change.revision);
    }
  }

  /**
   * Applies one change this instance made itself, at once, without moving the seen revision: a
   * change of another instance may have taken an earlier revision that the next resync still brings.
   */
  applyOwn(key: StoredApiKey, revision: number): void {
    this.put(key, revision);
  }

  private applyRaw(id: string, raw: string, revision: number): void {
    let key: StoredApiKey;
    try {
      key = storedApiKeySchema.parse(JSON.parse(raw));
    } catch (error) {
      this.logger.error({ keyId: id, reason: error instanceof Error ? error.message : String(error) }, 'stored API key unreadable; ignored');
      this.remove(id, revision);
      return;
    }
    if (this.reservedIds.has(key.id)) {
      this.logger.warn({ keyId: key.id }, 'stored API key has the id of an API_KEYS entry; ignored (API_KEYS wins)');
      return;
    }
    this.put(key, revision);
  }

  private put(key: StoredApiKey, revision: number): void {
    const existing = this.byId.get(key.id);
    if (existing !== undefined && existing.revision > revision) return;
    if (existing !== undefined) this.byDigest.delete(existing.key.sha256);
    this.byId.set(key.id, { key, revision });
    this.byDigest.set(key.sha256, key);
  }

  private remove(id: string, revision: number): void {
    const existing = this.byId.get(id);
    if (existing === undefined || existing.revision > revision) return;
    this.byId.delete(id);
    this.byDigest.delete(existing.key.sha256);
  }
}
