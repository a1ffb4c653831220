/**
 * Exchange credentials at rest: AES-256-GCM with a fresh nonce per encryption and the client key's
 * id as associated data. A flipped byte anywhere, a blob moved to another key's id, or another
 * master key fails to decrypt; the version byte lets a new master key decrypt nothing but what it
 * sealed while the old one still opens its own blobs.
 */
import { describe, expect, it } from 'vitest';
import { CredentialsUnreadableError, seal, unseal, versionOf } from '../../src/credentials/credential-cipher.js';
import { freshMasterKey, parseMasterKeys } from '../../src/credentials/master-keys.js';

const secret = Buffer.from('{"apiKey":"AbCdEfGh12345678","secret":"s3cr3t-hmac"}');
const oldKey = freshMasterKey();
const newKey = freshMasterKey();
const ring = parseMasterKeys(oldKey);

const refusal = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialsUnreadableError);
    return (error as CredentialsUnreadableError).reason;
  }
  return undefined;
};

describe('sealing exchange credentials', () => {
  it('round-trips, with a fresh 96-bit nonce each time and nothing of the plaintext in the blob', () => {
    const first = seal(ring, 'bot-1', secret);
    const second = seal(ring, 'bot-1', secret);
    expect(unseal(ring, 'bot-1', first)).toEqual(secret);
    expect(unseal(ring, 'bot-1', second)).toEqual(secret);
    expect(first.length).toBe(1 + 12 + secret.length + 16);
    expect(versionOf(first)).toBe(1);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.toString('latin1')).not.toContain('s3cr3t');
    const nonces = new Set(Array.from({ length: 1000 }, () => seal(ring, 'bot-1', secret).subarray(1, 13).toString('hex')));
    expect(nonces.size).toBe(1000);
  });

  it('refuses a blob with any byte flipped: version, nonce, ciphertext or tag', () => {
    const blob = seal(ring, 'bot-1', secret);
    for (const index of [0, 1, 12, 13, 13 + Math.floor(secret.length / 2), blob.length - 16, blob.length - 1]) {
      const tampered = Buffer.from(blob);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(refusal(() => unseal(ring, 'bot-1', tampered)), `byte ${index}`).toBeDefined();
    }
    expect(refusal(() => unseal(ring, 'bot-1', blob.subarray(0, 20)))).toBe('not-authentic');
  });

  it('refuses a blob moved to another key id', () => {
    const blob = seal(ring, 'bot-1', secret);
    expect(refusal(() => unseal(ring, 'bot-2', blob))).toBe('not-authentic');
    expect(refusal(() => unseal(ring, 'bot-1 ', blob))).toBe('not-authentic');
  });

  it('refuses another master key, and names a blob of an unknown version', () => {
    const blob = seal(ring, 'bot-1', secret);
    expect(refusal(() => unseal(parseMasterKeys(newKey), 'bot-1', blob))).toBe('not-authentic');
    expect(refusal(() => unseal(parseMasterKeys(`2:${newKey}`), 'bot-1', blob))).toBe('unknown-master-key');
  });

  it('rotates: the new key seals, the old one still opens its own blobs', () => {
    const underOld = seal(ring, 'bot-1', secret);
    const rotated = parseMasterKeys(`2:${newKey}, 1:${oldKey}`);
    const underNew = seal(rotated, 'bot-1', secret);
    expect(versionOf(underNew)).toBe(2);
    expect(unseal(rotated, 'bot-1', underOld)).toEqual(secret);
    expect(unseal(rotated, 'bot-1', underNew)).toEqual(secret);
    expect(refusal(() => unseal(parseMasterKeys(`2:${newKey}`), 'bot-1', underOld))).toBe('unknown-master-key');
  });

  it('parses master keys, naming a bad entry without quoting it', () => {
    expect(parseMasterKeys(`${oldKey}\n`).current.version).toBe(1);
    expect(parseMasterKeys(`7:${oldKey}`).current.version).toBe(7);
    const problem = (text: string) => {
      try {
        parseMasterKeys(text);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    const short = Buffer.alloc(16, 7).toString('base64');
    expect(problem(short)).toMatch(/entry 1 is not \[version:\]base64 of 32 bytes/);
    expect(problem(short)).not.toContain(short);
    expect(problem(`1:${oldKey},1:${newKey}`)).toMatch(/version 1 is listed twice/);
    expect(problem(`0:${oldKey}`)).toMatch(/version must be 1 to 255/);
    expect(problem('  ')).toMatch(/holds no key/);
    expect(Buffer.from(freshMasterKey(), 'base64')).toHaveLength(32);
  });
});
