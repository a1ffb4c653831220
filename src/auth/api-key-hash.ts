/** How a client key is stored and compared: by its SHA-256, never as itself. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function digestsEqual(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A new random client key: prefix + 32 random bytes, URL-safe. */
export function mintApiKey(): string {
  return `gw_${randomBytes(32).toString('base64url')}`;
}
