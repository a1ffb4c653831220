/**
 * A client key's exchange credentials as the store keeps them: in the record collection
 * `exchange-credentials`, by the client key's id. In clear only what describes them (the
 * ExchangeCredentials type) and the account id; the exchange API key and secret are in `sealed`
 * (credential-cipher.ts), never elsewhere.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const credentialsCollection = 'exchange-credentials';

export const credentialKinds = ['HMAC', 'ED25519', 'RSA'] as const;
export type CredentialKind = (typeof credentialKinds)[number];

export const storedCredentialsSchema = z.object({
  v: z.literal(1),
  /** exchangeAccountId of the exchange API key. */
  accountId: z.string(),
  kind: z.enum(credentialKinds),
  apiKeyHint: z.string(),
  /** Epoch ms. */
  createdAt: z.number(),
  /** base64 of the sealed JSON `{ apiKey, secret }`. */
  sealed: z.string(),
});
export type StoredCredentials = z.infer<typeof storedCredentialsSchema>;

/** What the sealed part holds. */
export const sealedCredentialsSchema = z.object({ apiKey: z.string(), secret: z.string() });

/** ExchangeCredentials as the API shows it: never the key or the secret. */
export interface CredentialsDescription {
  apiKeyHint: string;
  kind: CredentialKind;
  createdAt: number;
}

/**
 * The id of the exchange account an exchange API key trades: order records (and, later, user data
 * streams) are kept per account. Derived from the API key, so two client keys that store the same
 * exchange key share an account, as the exchange sees it; 64 bits of a SHA-256, nothing to learn from.
 */
export function exchangeAccountId(exchangeApiKey: string): string {
  return `acct_${createHash('sha256').update(exchangeApiKey, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The exchange API key's first four and last four characters. */
export function apiKeyHintOf(apiKey: string): string {
  return `${apiKey.slice(0, 4)}…${apiKey.slice(-4)}`;
}
