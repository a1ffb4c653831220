/**
 * Authentication of SIGNED endpoints exactly as Binance does it: the `X-MBX-APIKEY` header names
 * the key; the signed payload is the raw query string followed by the raw form body with no
 * separator, with the `signature` parameter taken out; HMAC-SHA256 as hex (any case) or Ed25519 as
 * base64; then the timing rule `timestamp < serverTime + 1000` and `serverTime − timestamp ≤ recvWindow`.
 */
import { createHmac, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BinanceError, illegalChars, missingParam } from './binance-error.js';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
  /** When set, the key's signatures are Ed25519 (base64) instead of HMAC (hex). */
  ed25519PublicKey?: KeyObject;
  /** What GET /api/v3/account says of trading. @default true */
  canTrade?: boolean;
}

export interface SignedRequest {
  headers: IncomingHttpHeaders;
  rawQuery: string;
  rawBody: string;
  /** Query and body parameters, decoded, query winning. */
  params: Record<string, string>;
}

const DEFAULT_RECV_WINDOW = 5000;
const MAX_RECV_WINDOW = 60_000;
const API_KEY_FORMAT = /^[A-Za-z0-9_-]{1,128}$/;

/** HMAC-SHA256 of `payload`, lowercase hex. */
export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** The bytes Binance signs: query string then body, each without its `signature=` parameter. */
export function signaturePayload(rawQuery: string, rawBody: string): string {
  const strip = (raw: string): string =>
    raw === '' ? '' : raw.split('&').filter((pair) => pair.split('=', 1)[0] !== 'signature').join('&');
  return strip(rawQuery) + strip(rawBody);
}

/** ms, or µs when the number is that long (Binance accepts both). */
export function toMillis(value: number): number {
  return value >= 1e15 ? Math.floor(value / 1000) : value;
}

/** Finds the credentials of an API key (undefined: no such key). */
export type CredentialLookup = (apiKey: string) => Credentials | undefined;

/** Throws the BinanceError the exchange would answer, or returns the key's credentials when the request is authentic and in time. */
export function authenticate(request: SignedRequest, lookup: CredentialLookup, serverTime: number): Credentials {
  const headerKey = request.headers['x-mbx-apikey'];
  const apiKey = Array.isArray(headerKey) ? headerKey[0] : headerKey;
  if (!apiKey || !API_KEY_FORMAT.test(apiKey)) throw new BinanceError(401, -2014, 'API-key format invalid.');
  const credentials = lookup(apiKey);
  if (!credentials) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  checkSignedParams(request.params, [signaturePayload(request.rawQuery, request.rawBody)], credentials, serverTime);
  return credentials;
}

/**
 * The checks every signed request passes, whatever its transport: timestamp and signature present,
 * the signature right for one of the `payloads` the client may have signed, and the timing rule.
 */
export function checkSignedParams(params: Record<string, string>, payloads: string[], credentials: Credentials, serverTime: number): void {
  if (!params.timestamp) throw missingParam('timestamp');
  if (!/^[0-9]{1,20}$/.test(params.timestamp)) throw illegalChars('timestamp', '^[0-9]{1,20}$');
  if (!params.signature) throw missingParam('signature');
  const signature = params.signature;
  if (!payloads.some((payload) => signatureMatches(payload, signature, credentials))) {
    throw new BinanceError(400, -1022, 'Signature for this request is not valid.');
  }

  let recvWindow = DEFAULT_RECV_WINDOW;
  if (params.recvWindow !== undefined) {
    if (!/^[0-9]{1,20}(\.[0-9]{1,3})?$/.test(params.recvWindow)) throw illegalChars('recvWindow', '^[0-9]{1,20}(\\.[0-9]{1,3})?$');
    recvWindow = Number(params.recvWindow);
    if (!(recvWindow <= MAX_RECV_WINDOW)) throw new BinanceError(400, -1131, 'recvWindow must be less than 60000');
  }
  const timestamp = toMillis(Number(params.timestamp));
  if (timestamp >= serverTime + 1000) {
    throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  if (serverTime - timestamp > recvWindow) {
    throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }
}

/** Whether `signature` is the key's signature of `payload`: Ed25519 (base64) or HMAC-SHA256 (hex, any case). */
export function signatureMatches(payload: string, signature: string, credentials: Credentials): boolean {
  if (credentials.ed25519PublicKey) {
    const bytes = Buffer.from(signature, 'base64');
    // Node accepts sloppy base64; a real Ed25519 signature is exactly 64 bytes.
    if (bytes.length !== 64) return false;
    return verifySignature(null, Buffer.from(payload), credentials.ed25519PublicKey, bytes);
  }
  return signature.toLowerCase() === hmacHex(credentials.apiSecret, payload);
}
