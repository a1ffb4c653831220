/**
 * A call's parameters as the exchange wants them: a query string for GET and DELETE, a form body
 * for POST; for a signed call, recvWindow, timestamp and the signature over all of it, with the
 * API key in its header.
 */
import type { Endpoint } from './endpoints.js';
import type { AccountSigner } from './account-signer.js';

export interface Signing {
  /** Signs for one exchange account (account-signer.ts). */
  signer: AccountSigner;
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
    params.set('recvWindow', String(signing.recvWindowMs));
    params.set('timestamp', String(signing.timestamp));
    const { apiKey, signature } = signing.signer.sign(params.toString());
    params.set('signature', signature);
    headers['x-mbx-apikey'] = apiKey;
  }
  const encoded = params.toString();
  if (method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    return { searchParams: undefined, body: encoded, headers };
  }
  return { searchParams: encoded === '' ? undefined : encoded, body: undefined, headers };
}
