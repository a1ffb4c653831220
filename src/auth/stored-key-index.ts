/**
 * Which stored records count as client keys, and those keys by digest: the per-request lookup is
 * one Map lookup whatever the number of keys. The copy of the collection itself is the key
 * directory's RecordFollower; this index is kept in step with it, one changed id at a time, and
 * remembers each id's digest so that a key whose digest changed or that went away leaves no entry.
 */
import type { Logger } from '../observability/logger.js';
import { storedApiKeySchema, type StoredApiKey } from './stored-api-key.js';

export class StoredKeyIndex {
  private readonly byDigest = new Map<string, StoredApiKey>();
  /** What each id was indexed with, to drop its entry when it changes or goes. */
  private readonly indexed = new Map<string, StoredApiKey>();

  constructor(
    private readonly logger: Logger,
    /** Ids that API_KEYS holds: a stored key with one of them is ignored (the configuration wins). */
    private readonly reservedIds: ReadonlySet<string>,
  ) {}

  /** A stored record as a key, or undefined (logged) for one that is unreadable or has a reserved id. */
  parse(raw: string): StoredApiKey | undefined {
    let json: unknown;
    let key: StoredApiKey;
    try {
      json = JSON.parse(raw);
      key = storedApiKeySchema.parse(json);
    } catch (error) {
      const keyId = typeof json === 'object' && json !== null && 'id' in json && typeof json.id === 'string' ? json.id : undefined;
      this.logger.error({ keyId, reason: error instanceof Error ? error.message : String(error) }, 'stored API key unreadable; ignored');
      return undefined;
    }
    if (this.reservedIds.has(key.id)) {
      this.logger.warn({ keyId: key.id }, 'stored API key has the id of an API_KEYS entry; ignored (API_KEYS wins)');
      return undefined;
    }
    return key;
  }

  byDigestHex(digest: string): StoredApiKey | undefined {
    return this.byDigest.get(digest);
  }

  /** What the id holds now: its key, or undefined when it holds none. */
  update(id: string, key: StoredApiKey | undefined): void {
    const previous = this.indexed.get(id);
    if (previous !== undefined && this.byDigest.get(previous.sha256) === previous) this.byDigest.delete(previous.sha256);
    this.indexed.delete(id);
    if (key === undefined) return;
    this.byDigest.set(key.sha256, key);
    this.indexed.set(id, key);
  }
}
