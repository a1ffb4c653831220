/**
 * Exchange credentials of client keys, encrypted at rest (credential-cipher.ts) in the store's
 * `exchange-credentials` collection. Decrypted only to sign one request: `open` gives an
 * AccountSigner that decrypts at each signature and keeps nothing in clear. A blob sealed under an
 * older master key (still configured) is re-sealed under the current one the first time it is opened.
 */
import { createRequestSigner } from '../exchange/request-signer.js';
import type { AccountSigner } from '../exchange/account-signer.js';
import type { Logger } from '../observability/logger.js';
import { NotConfiguredError } from '../schema/errors.js';
import type { RecordCollections } from '../store/store.js';
import { CredentialsUnreadableError, seal, unseal, versionOf } from './credential-cipher.js';
import type { MasterKeyRing } from './master-keys.js';
import {
  apiKeyHintOf,
  credentialsCollection,
  exchangeAccountId,
  sealedCredentialsSchema,
  storedCredentialsSchema,
  type CredentialKind,
  type CredentialsDescription,
  type StoredCredentials,
} from './stored-credentials.js';

/** A key's stored account, ready to sign. */
export interface OpenedCredentials {
  accountId: string;
  signer: AccountSigner;
}

export const notConfiguredMessage = 'Exchange credentials cannot be stored: the gateway has no CREDENTIALS_KEY (or CREDENTIALS_KEY_FILE).';
const unreadableMessage =
  "This key's stored exchange credentials cannot be decrypted with the gateway's CREDENTIALS_KEY (the master key changed?): set them again with setExchangeCredentials.";

export class CredentialVault {
  constructor(
    private readonly store: RecordCollections,
    /** Undefined without CREDENTIALS_KEY: nothing can be stored or opened. */
    private readonly ring: MasterKeyRing | undefined,
    private readonly logger: Logger,
  ) {}

  get configured(): boolean {
    return this.ring !== undefined;
  }

  async describe(keyId: string): Promise<CredentialsDescription | null> {
    const stored = await this.read(keyId);
    return stored && describe(stored);
  }

  /** Seals and stores `apiKey` and `secret` (already checked with the exchange) for the client key `keyId`. */
  async write(keyId: string, credentials: { apiKey: string; secret: string; kind: CredentialKind }, now: number): Promise<CredentialsDescription> {
    if (!this.ring) throw new NotConfiguredError(notConfiguredMessage);
    const plaintext = Buffer.from(JSON.stringify({ apiKey: credentials.apiKey, secret: credentials.secret }), 'utf8');
    const stored: StoredCredentials = {
      v: 1,
      accountId: exchangeAccountId(credentials.apiKey),
      kind: credentials.kind,
      apiKeyHint: apiKeyHintOf(credentials.apiKey),
      createdAt: now,
      sealed: seal(this.ring, keyId, plaintext).toString('base64'),
    };
    plaintext.fill(0);
    await this.store.writeRecord(credentialsCollection, keyId, JSON.stringify(stored));
    return describe(stored);
  }

  /** Forgets the key's credentials; false where it had none. */
  async delete(keyId: string): Promise<boolean> {
    return (await this.store.deleteRecord(credentialsCollection, keyId)) !== null;
  }

  /** The key's stored account, or null where it stored none; NOT_CONFIGURED when it cannot be decrypted. */
  async open(keyId: string): Promise<OpenedCredentials | null> {
    const raw = await this.store.readRecord(credentialsCollection, keyId);
    if (raw === null) return null;
    const stored = storedCredentialsSchema.parse(JSON.parse(raw));
    const blob = Buffer.from(stored.sealed, 'base64');
    // Decrypted once now, so that a blob this gateway cannot read is refused before anything is sent.
    const { apiKey } = this.unsealed(keyId, blob);
    if (this.ring && versionOf(blob) !== this.ring.current.version) {
      await this.reseal(keyId, raw, stored).catch((error: unknown) => this.logger.warn({ err: error, keyId }, 'could not re-seal exchange credentials; will try again'));
    }
    return {
      accountId: stored.accountId,
      signer: {
        apiKey,
        sign: (payload) => {
          const credentials = this.unsealed(keyId, blob);
          return { apiKey, signature: createRequestSigner(credentials.secret).sign(payload) };
        },
      },
    };
  }

  /** Re-seals under the current master key a record sealed under an older one; true when it was. */
  async reseal(keyId: string, raw: string, stored: StoredCredentials): Promise<boolean> {
    if (!this.ring) return false;
    const blob = Buffer.from(stored.sealed, 'base64');
    if (versionOf(blob) === this.ring.current.version) return false;
    const plaintext = unseal(this.ring, keyId, blob);
    const resealed: StoredCredentials = { ...stored, sealed: seal(this.ring, keyId, plaintext).toString('base64') };
    plaintext.fill(0);
    const written = await this.store.writeRecord(credentialsCollection, keyId, JSON.stringify(resealed), { ifValue: raw });
    if (written !== null) this.logger.info({ keyId, from: versionOf(blob), to: this.ring.current.version }, 'exchange credentials re-sealed under the current master key');
    return written !== null;
  }

  private async read(keyId: string): Promise<StoredCredentials | null> {
    const raw = await this.store.readRecord(credentialsCollection, keyId);
    return raw === null ? null : storedCredentialsSchema.parse(JSON.parse(raw));
  }

  private unsealed(keyId: string, blob: Buffer): { apiKey: string; secret: string } {
    if (!this.ring) throw new NotConfiguredError(unreadableMessage);
    try {
      return sealedCredentialsSchema.parse(JSON.parse(unseal(this.ring, keyId, blob).toString('utf8')));
    } catch (error) {
      if (error instanceof CredentialsUnreadableError) {
        this.logger.warn({ keyId, reason: error.reason }, 'stored exchange credentials cannot be decrypted');
        throw new NotConfiguredError(unreadableMessage);
      }
      throw error;
    }
  }
}

function describe(stored: StoredCredentials): CredentialsDescription {
  return { apiKeyHint: stored.apiKeyHint, kind: stored.kind, createdAt: stored.createdAt };
}
