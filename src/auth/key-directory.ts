/**
 * Every client key of the gateway: the read-only API_KEYS entries (api-key-registry.ts) and the keys
 * created through the API, which live in the store (stored-api-key.ts) and which each instance
 * keeps in an in-memory index (stored-key-index.ts). A presented key is hashed once and looked up
 * in both maps: one lookup whatever the number of keys; expiry and revocation are checked there.
 *
 * Keeping the index fresh on every instance: a change is published on `api-keys:changed`, and each
 * instance then asks the store for what changed after the revision it has (one call, which is
 * empty and cheap when nothing changed). Because a published message can be lost (a subscriber
 * reconnecting), every instance also asks every `resyncIntervalMs` (500 ms by default), so a
 * revoked key is refused everywhere within a second even then. While the store cannot be reached
 * the index stays as it was, and resyncs resume when it is back.
 */
import type { Logger } from '../observability/logger.js';
import { BadUserInputError, NotFoundError } from '../schema/errors.js';
import type { PubSub, RecordCollections } from '../store/store.js';
import type { ApiKeyDescription } from './api-key-description.js';
import type { ApiKeyEntry } from './api-key-entry.js';
import { mintApiKey, sha256Hex } from './api-key-hash.js';
import { ApiKeyRegistry } from './api-key-registry.js';
import type { Authentication } from './authentication.js';
import { KeyUsage } from './key-usage.js';
import { checkNewApiKey, type NewApiKeyInput } from './new-api-key.js';
import { StoredKeyIndex } from './stored-key-index.js';
import { apiKeysChannel, apiKeysCollection, storedApiKeySchema, storedKeyRefusal, type StoredApiKey } from './stored-api-key.js';

export interface KeyDirectoryOptions {
  /** API_KEYS. */
  envKeys: readonly ApiKeyEntry[];
  store: RecordCollections & PubSub;
  logger: Logger;
  /** How often the index asks the store for changes it was not told of. @default 500 */
  resyncIntervalMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Records read per store call while loading or resyncing. */
const pageSize = 1000;

export class KeyDirectory {
  private readonly env: ApiKeyRegistry;
  private readonly index: StoredKeyIndex;
  private readonly usage: KeyUsage;
  private readonly now: () => number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private storeDown = false;

  constructor(private readonly options: KeyDirectoryOptions) {
    this.env = new ApiKeyRegistry(options.envKeys);
    this.logger = options.logger.child({ component: 'api-keys' });
    this.index = new StoredKeyIndex(this.logger, new Set(options.envKeys.map((entry) => entry.id)));
    this.usage = new KeyUsage(options.store, this.logger);
    this.now = options.now ?? Date.now;
  }

  /** Loads the stored keys, then follows their changes (pub/sub and the periodic resync). */
  async start(): Promise<void> {
    this.unsubscribe = await this.options.store.subscribe(apiKeysChannel, () => void this.sync());
    await this.sync();
    this.timer = setInterval(() => void this.sync(), this.options.resyncIntervalMs ?? 500);
    this.timer.unref();
    this.usage.start();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.unsubscribe?.().catch(() => undefined);
    this.unsubscribe = undefined;
    await this.syncing?.catch(() => undefined);
    await this.usage.stop();
  }

  /** Keys that would be admitted now, configured and stored. */
  get activeCount(): number {
    const now = this.now();
    return this.env.entries.length + this.index.all().filter((key) => storedKeyRefusal(key, now) === null).length;
  }

  /** The one lookup of a presented key (auth/authentication.ts): hashed once, O(1). */
  authenticate(presentedKey: string): Authentication {
    const digest = sha256Hex(presentedKey);
    const now = this.now();
    const configured = this.env.entryFor(digest);
    if (configured) {
      this.usage.touch(configured.id, now);
      return { viewer: { id: configured.id, scopes: [...configured.scopes] } };
    }
    const stored = this.index.byDigestHex(digest);
    if (!stored) return { viewer: null, reason: 'unknown' };
    const refusal = storedKeyRefusal(stored, now);
    if (refusal) return { viewer: null, reason: refusal };
    this.usage.touch(stored.id, now);
    return { viewer: { id: stored.id, scopes: [...stored.scopes] } };
  }

  /** Whether the key with this id is still admitted (neither revoked nor expired): what long-lived connections re-check. */
  isActive(id: string): boolean {
    if (this.env.byKeyId(id)) return true;
    const stored = this.index.get(id);
    return stored !== undefined && storedKeyRefusal(stored, this.now()) === null;
  }

  /** Every key, configured ones first, then stored ones by creation. */
  async list(): Promise<ApiKeyDescription[]> {
    await this.sync();
    const stored = this.index.all().sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const described: ApiKeyDescription[] = [
      ...this.env.entries.map((entry) => ({
        id: entry.id,
        scopes: [...entry.scopes],
        source: 'ENV' as const,
        createdAt: null,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      })),
      ...stored.map((key) => describe(key, null)),
    ];
    const lastUsed = await this.usage.lastUsed(described.map((key) => key.id));
    return described.map((key, i) => ({ ...key, lastUsedAt: lastUsed[i] ?? null }));
  }

  /** Creates a key (BAD_USER_INPUT for a bad or taken id); the key itself is in the answer only. */
  async create(input: NewApiKeyInput): Promise<{ key: string; apiKey: ApiKeyDescription }> {
    const now = this.now();
    const checked = checkNewApiKey(input, now);
    if (this.env.byKeyId(checked.id)) throw new BadUserInputError(`An API key with the id "${checked.id}" is configured in API_KEYS.`);
    const key = mintApiKey();
    const record: StoredApiKey = { v: 1, ...checked, sha256: sha256Hex(key), createdAt: now, revokedAt: null };
    const revision = await this.options.store.writeRecord(apiKeysCollection, record.id, JSON.stringify(record), { ifAbsent: true });
    if (revision === null) throw new BadUserInputError(`An API key with the id "${checked.id}" exists already (ids are never reused).`);
    await this.changed(record, revision);
    this.logger.info({ keyId: record.id, scopes: record.scopes, expiresAt: record.expiresAt }, 'API key created');
    return { key, apiKey: describe(record, null) };
  }

  /** Revokes a stored key (NOT_FOUND for an unknown id); revoking a revoked key changes nothing. */
  async revoke(id: string): Promise<ApiKeyDescription> {
    if (this.env.byKeyId(id)) {
      throw new BadUserInputError(`The API key "${id}" is configured in API_KEYS, which is read-only here: remove its entry there.`);
    }
    for (;;) {
      const raw = await this.options.store.readRecord(apiKeysCollection, id);
      if (raw === null) throw new NotFoundError(`No API key has the id "${id}".`);
      const current = storedApiKeySchema.parse(JSON.parse(raw));
      if (current.revokedAt !== null) return describe(current, null);
      const revoked: StoredApiKey = { ...current, revokedAt: this.now() };
      const revision = await this.options.store.writeRecord(apiKeysCollection, id, JSON.stringify(revoked), { ifValue: raw });
      if (revision === null) continue; // changed meanwhile (revoked by someone else, say): read again
      await this.changed(revoked, revision);
      this.logger.info({ keyId: id }, 'API key revoked');
      return describe(revoked, null);
    }
  }

  /** Reads the store's changes after the index's revision; concurrent calls share one pass, and a call during a pass gets another. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.syncAgain = false;
        await this.readChanges();
      } while (this.syncAgain);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  // A key is never deleted (revocation rewrites it), so no deletion can be forgotten under this
  // reader (RecordCollections.deletionsForgottenThrough) and following changes alone stays exact.
  private async readChanges(): Promise<void> {
    try {
      for (;;) {
        const changes = await this.options.store.changedRecords(apiKeysCollection, this.index.revision, pageSize);
        this.index.applyChanges(changes);
        if (changes.length < pageSize) break;
      }
      if (this.storeDown) this.logger.info('API keys in sync with the store again');
      this.storeDown = false;
    } catch (error) {
      if (!this.storeDown) this.logger.warn({ err: error }, 'could not read API key changes from the store; keeping the keys known so far');
      this.storeDown = true;
    }
  }

  /** After this instance changed a key: applied here at once, announced to the others. */
  private async changed(key: StoredApiKey, revision: number): Promise<void> {
    this.index.applyOwn(key, revision);
    try {
      await this.options.store.publish(apiKeysChannel, String(revision));
    } catch (error) {
      // The others still see the change at their next resync.
      this.logger.warn({ err: error, keyId: key.id }, 'could not announce an API key change; instances resync on their own');
    }
  }
}

function describe(key: StoredApiKey, lastUsedAt: number | null): ApiKeyDescription {
  return {
    id: key.id,
    scopes: [...key.scopes],
    source: 'STORE',
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt,
  };
}
