/**
 * What signs USER_DATA/TRADE requests for one exchange account: it returns the API key header
 * together with the signature, so that an account whose credentials are kept encrypted can open
 * them only for the moment of signing (credentials/). The gateway's own BINANCE_API_KEY signs
 * through fromSecret.
 */
import { createRequestSigner, type RequestSigner } from './request-signer.js';

export interface AccountSigner {
  /**
   * The exchange API key (not a secret: it is sent in clear with every request). The WebSocket API
   * signs it as one of the parameters, so it must be known before signing.
   */
  readonly apiKey: string;
  /** The signature of `payload` (query string + body, exactly as sent) and the API key to send with it. */
  sign(payload: string): { apiKey: string; signature: string };
}

/** A signer over credentials held in memory (the gateway's own, from the configuration). */
export function signerFromSecret(apiKey: string, secret: string): AccountSigner {
  return accountSigner(apiKey, createRequestSigner(secret));
}

/** The API key with a request signer made from its secret already. */
export function accountSigner(apiKey: string, signer: RequestSigner): AccountSigner {
  return { apiKey, sign: (payload) => ({ apiKey, signature: signer.sign(payload) }) };
}
