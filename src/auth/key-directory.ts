/**
 * Every client key of the gateway: the read-only API_KEYS entries (api-key-registry.ts) and the keys
 * created through the API, which live in the store (stored-api-key.ts). A presented key is hashed
 * once and looked up by digest among both (the stored ones in stored-key-index.ts): one lookup
 * whatever the number of keys; expiry and revocation are checked there.
 *
 * Each instance keeps a copy of the stored keys with the one follower of record collections
 * (RecordFollower): told of a change on `api-keys:changed`, and reading on its own every 500 ms
 * besides, so a revoked key is refused everywhere within a second even when the message is lost.
 * The instance that changed a key reads it before answering, so there it takes effect at once.
 * While the store cannot be reached the keys stay as they were. A key is never deleted (revocation
 * rewrites it), so the follower never has to read the collection again from the start.
 */
import type { Logger } from '../observability/logger.js';
import { BadUserInputError, NotFoundError } from '../schema/errors.js';
import { RecordFollower } from '../store/record-follower.js';
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
}

export class KeyDirectory {
  private readonly env: ApiKeyRegistry;
  private readonly index: StoredKeyIndex;
  private readonly follower: RecordFollower<StoredApiKey>;
  private readonly usage: KeyUsage;
  private readonly logger: Logger;

  constructor(private readonly options: KeyDirectoryOptions) {
    this.env = new ApiKeyRegistry(options.envKeys);
    this.logger = options.logger.child({ component: 'api-keys' });
    this.index = new StoredKeyIndex(this.logger, new Set(options.envKeys.map((entry) => entry.id)));
    this.follower = new RecordFollower({
      store: options.store,
      collection: apiKeysCollection,
      channel: apiKeysChannel,
      logger: this.logger,
      parse: (raw) => this.index.parse(raw),
      onChange: (ids) => {
        for (const id of ids) this.index.update(id, this.follower.get(id));
      },
    });
    this.usage = new KeyUsage(options.store, this.logger);
  }

  /** Loads the stored keys, then follows their changes. */
  async start(): Promise<void> {
    await this.follower.start();
    this.usage.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    await this.usage.stop();
  }

  /** Keys that would be admitted now, configured and stored. */
  get activeCount(): number {
    const now = Date.now();
    return this.env.entries.length + [...this.follower.values()].filter((key) => storedKeyRefusal(key, now) === null).length;
  }

  /** The one lookup of a presented key (auth/authentication.ts): hashed once, O(1). */
  authenticate(presentedKey: string): Authentication {
    const digest = sha256Hex(presentedKey);
    const now = Date.now();
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
    const stored = this.follower.get(id);
    return stored !== undefined && storedKeyRefusal(stored, Date.now()) === null;
  }

  /** Every key, configured ones first, then stored ones by creation. */
  async list(): Promise<ApiKeyDescription[]> {
    await this.follower.refresh();
    const stored = [...this.follower.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
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
    const now = Date.now();
    const checked = checkNewApiKey(input, now);
    if (this.env.byKeyId(checked.id)) throw new BadUserInputError(`An API key with the id "${checked.id}" is configured in API_KEYS.`);
    const key = mintApiKey();
    const record: StoredApiKey = { v: 1, ...checked, sha256: sha256Hex(key), createdAt: now, revokedAt: null };
    const revision = await this.options.store.writeRecord(apiKeysCollection, record.id, JSON.stringify(record), { ifAbsent: true });
    if (revision === null) throw new BadUserInputError(`An API key with the id "${checked.id}" exists already (ids are never reused).`);
    await this.changed();
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
      const revoked: StoredApiKey = { ...current, revokedAt: Date.now() };
      const revision = await this.options.store.writeRecord(apiKeysCollection, id, JSON.stringify(revoked), { ifValue: raw });
      if (revision === null) continue; // changed meanwhile (revoked by someone else, say): read again
      await this.changed();
      this.logger.info({ keyId: id }, 'API key revoked');
      return describe(revoked, null);
    }
  }

  /** After this instance changed a key: read here before answering, announced to the others. */
  private async changed(): Promise<void> {
    await this.follower.refresh();
    await this.follower.announce();
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
