/**
 * Encryption of exchange credentials at rest: AES-256-GCM (node:crypto) under the current master
 * key, a fresh random 96-bit nonce per encryption (random nonces stay safe far beyond the number of
 * credentials a gateway will ever encrypt under one key: NIST's bound is 2^32), and the client key's
 * id as associated data, so a blob moved to another key's record does not decrypt.
 *
 * Blob: version (1 byte) | nonce (12) | ciphertext | tag (16). The version names the master key
 * (master-keys.ts) and is authenticated too, as part of the associated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKeyRing } from './master-keys.js';

const nonceBytes = 12;
const tagBytes = 16;

/** A blob that cannot be decrypted here: its master key is not configured, or it was altered or moved. */
export class CredentialsUnreadableError extends Error {
  readonly code = 'CREDENTIALS_UNREADABLE';
  constructor(readonly reason: 'unknown-master-key' | 'not-authentic') {
    super(reason === 'unknown-master-key' ? 'encrypted under a master key that is not configured' : 'failed authentication (altered, moved, or another master key)');
    this.name = 'CredentialsUnreadableError';
  }
}

function associatedData(version: number, keyId: string): Buffer {
  return Buffer.concat([Buffer.from([version]), Buffer.from(`exchange-credentials:${keyId}`, 'utf8')]);
}

export function seal(ring: MasterKeyRing, keyId: string, plaintext: Buffer): Buffer {
  const { version, key } = ring.current;
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
  cipher.setAAD(associatedData(version, keyId));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), nonce, ciphertext, cipher.getAuthTag()]);
}

/** The master key version a blob was sealed under. */
export function versionOf(blob: Buffer): number {
  return blob[0] ?? 0;
}

export function unseal(ring: MasterKeyRing, keyId: string, blob: Buffer): Buffer {
  const master = ring.byVersion.get(versionOf(blob));
  if (!master) throw new CredentialsUnreadableError('unknown-master-key');
  if (blob.length < 1 + nonceBytes + tagBytes) throw new CredentialsUnreadableError('not-authentic');
  const nonce = blob.subarray(1, 1 + nonceBytes);
  const tag = blob.subarray(blob.length - tagBytes);
  const decipher = createDecipheriv('aes-256-gcm', master.key, nonce, { authTagLength: tagBytes });
  decipher.setAAD(associatedData(master.version, keyId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(1 + nonceBytes, blob.length - tagBytes)), decipher.final()]);
  } catch {
    throw new CredentialsUnreadableError('not-authentic');
  }
}
