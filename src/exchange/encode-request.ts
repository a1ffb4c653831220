/**
 * A call's parameters as the exchange wants them: a query string for GET and DELETE, a form body
 * for POST; for a signed call, recvWindow, timestamp and the signature over all of it, with the
 * API key in its header.
 */
import type { Endpoint } from './endpoints.js';
import type { RequestSigner } from './request-signer.js';

export interface Signing {
  signer: RequestSigner | undefined;
  apiKey: string | undefined;
  recvWindowMs: number;
  /** The exchange-clock timestamp to sign with. */
  timestamp: number;
}

export function encodeRequest(
  method: Endpoint['method'],
  values: Record<string, string | number | undefined> | undefined,
  signing: Signing | undefined,
): { searchParams: string | undefined; body: string | undefined; headers: Record<string, string> } {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const headers: Record<string, string> = {};
  if (signing) {
    if (!signing.signer || !signing.apiKey) throw new Error('signed exchange request without BINANCE_API_KEY/BINANCE_API_SECRET');
    params.set('recvWindow', String(signing.recvWindowMs));
    params.set('timestamp', String(signing.timestamp));
    params.set('signature', signing.signer.sign(params.toString()));
    headers['x-mbx-apikey'] = signing.apiKey;
  }
  const encoded = params.toString();
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { searchParams: undefined, body: encoded, headers };
  }
  return { searchParams: encoded === '' ? undefined : encoded, body: undefined, headers };
}
