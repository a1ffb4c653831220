/**
 * The master keys that encrypt stored exchange credentials (CREDENTIALS_KEY or the file that
 * CREDENTIALS_KEY_FILE names). Each is 32 random bytes in base64, with a version (1 to 255, 1 when
 * not written) that every encrypted blob carries in its first byte. The first key listed encrypts;
 * the others only decrypt what was encrypted under them, which is how the master key is rotated:
 * list the new key first and the old one after it (`2:<new>,1:<old>`), and drop the old one once
 * every blob is under the new version (credentials-key CLI `rotate`, or as each blob is next used).
 */
import { randomBytes } from 'node:crypto';

export interface MasterKey {
  /** Written as the first byte of every blob encrypted under this key. */
  version: number;
  /** 32 bytes: an AES-256 key. */
  key: Buffer;
}

export interface MasterKeyRing {
  /** Encrypts every new blob. */
  current: MasterKey;
  /** Every configured key by version, the current one included. */
  byVersion: ReadonlyMap<number, MasterKey>;
}

const entryPattern = /^(?:(\d{1,3}):)?([A-Za-z0-9+/]{43}=)$/;

/** Parses `[version:]base64` entries separated by commas or new lines; throws naming the bad one (never its value). */
export function parseMasterKeys(text: string): MasterKeyRing {
  const entries = text.split(/[,\n]/).map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('holds no key (expected 32 random bytes in base64, e.g. from `npm run credentials-key`)');
  const keys: MasterKey[] = entries.map((entry, index) => {
    const match = entryPattern.exec(entry);
    const key = match ? Buffer.from(match[2] ?? '', 'base64') : undefined;
    if (!match || key?.length !== 32) {
      throw new Error(`entry ${index + 1} is not [version:]base64 of 32 bytes (44 characters ending in "="); make one with \`npm run credentials-key\``);
    }
    const version = match[1] === undefined ? 1 : Number(match[1]);
    if (version < 1 || version > 255) throw new Error(`entry ${index + 1}: the version must be 1 to 255, got ${version}`);
    return { version, key };
  });
  const byVersion = new Map<number, MasterKey>();
  for (const key of keys) {
    if (byVersion.has(key.version)) throw new Error(`version ${key.version} is listed twice; give each key its own version`);
    byVersion.set(key.version, key);
  }
  return { current: keys[0] as MasterKey, byVersion };
}

/** A fresh master key, base64. */
export function freshMasterKey(): string {
  return randomBytes(32).toString('base64');
}
