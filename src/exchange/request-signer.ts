/**
 * Signs Binance USER_DATA/TRADE requests: HMAC-SHA256 (hex) with a secret, or Ed25519/RSA (base64)
 * with a PEM private key, over the exact parameter string that is sent.
 */
import { createHmac, createPrivateKey, sign, type KeyObject } from 'node:crypto';

export interface RequestSigner {
  readonly kind: 'hmac' | 'ed25519' | 'rsa';
  /** The signature of `payload` (query string + body, as sent). */
  sign(payload: string): string;
}

export function createRequestSigner(secret: string): RequestSigner {
  if (!secret.includes('-----BEGIN')) {
    return { kind: 'hmac', sign: (payload) => createHmac('sha256', secret).update(payload).digest('hex') };
  }
  const key: KeyObject = createPrivateKey(secret);
  if (key.asymmetricKeyType === 'ed25519') {
    return { kind: 'ed25519', sign: (payload) => sign(null, Buffer.from(payload), key).toString('base64') };
  }
  if (key.asymmetricKeyType === 'rsa') {
    return { kind: 'rsa', sign: (payload) => sign('sha256', Buffer.from(payload), key).toString('base64') };
  }
  throw new Error(`BINANCE_API_SECRET holds a ${key.asymmetricKeyType ?? 'unknown'} key; use HMAC, Ed25519 or RSA`);
}
