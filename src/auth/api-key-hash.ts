/** How a client key is stored and compared: by its SHA-256, never as itself. */
import { createHash, randomBytes } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new random client key: prefix + 32 random bytes, URL-safe. */
export function mintApiKey(): string {
  return `gw_${randomBytes(32).toString('base64url')}`;
}
