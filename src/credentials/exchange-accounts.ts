/**
 * Which exchange account a client key trades: its own, where it stored credentials
 * (setExchangeCredentials), otherwise the gateway's (BINANCE_API_KEY). Every account gets an
 * ExchangeAccountClient that signs with its own credentials and shares the rest of the exchange
 * client (sockets, IP weight ledger, back-off order, clock).
 *
 * For code that acts on a key's live orders (liveTrade today; cancels, LiveAccount and
 * orderUpdates(mode: LIVE) next): `forKey(keyId)` → `{ accountId, source, client }`. Keep
 * everything per exchange account under `accountId` (order records, open orders, the user data
 * stream); it is the same for two keys that stored the same exchange API key.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import { ExchangeRejectedError } from '../exchange/errors.js';
import { ExchangeAccountClient } from '../exchange/exchange-account-client.js';
import { createRequestSigner, type RequestSigner } from '../exchange/request-signer.js';
import { accountSigner } from '../exchange/account-signer.js';
import { BadUserInputError, NotConfiguredError } from '../schema/errors.js';
import { notConfiguredMessage, type CredentialVault } from './credential-vault.js';
import { exchangeAccountId, type CredentialKind, type CredentialsDescription } from './stored-credentials.js';

export interface ExchangeAccount {
  /** The exchange account's id (stored-credentials.ts exchangeAccountId): what per-account state is keyed by. */
  accountId: string;
  /** KEY: the key's own stored credentials; GATEWAY: the gateway's BINANCE_API_KEY. */
  source: 'KEY' | 'GATEWAY';
  client: ExchangeAccountClient;
}

export interface ExchangeAccountsOptions {
  exchange: BinanceClient;
  vault: CredentialVault;
  /** BINANCE_API_KEY, when the gateway has credentials of its own. */
  gatewayApiKey: string | undefined;
  /** @default Date.now */
  now?: () => number;
}

/** Binance codes that mean "these credentials are not good here": bad key format, unknown key or IP, bad signature. */
const refusedCredentialCodes = new Set([-2014, -2015, -1022, -2008]);
const apiKeyPattern = /^[A-Za-z0-9_-]{1,128}$/;

export class ExchangeAccounts {
  private readonly gateway: ExchangeAccount | undefined;

  constructor(private readonly options: ExchangeAccountsOptions) {
    const { exchange, gatewayApiKey } = options;
    this.gateway =
      exchange.gatewayAccount && gatewayApiKey
        ? { accountId: exchangeAccountId(gatewayApiKey), source: 'GATEWAY', client: exchange.gatewayAccount }
        : undefined;
  }

  /** The account the key's live requests go to; NOT_CONFIGURED when it has none that can be used. */
  async forKey(keyId: string): Promise<ExchangeAccount> {
    const own = await this.options.vault.open(keyId);
    if (own) return { accountId: own.accountId, source: 'KEY', client: new ExchangeAccountClient(this.options.exchange, own.signer) };
    if (this.gateway) return this.gateway;
    throw new NotConfiguredError('This key has no exchange credentials and the gateway has none of its own: store some with setExchangeCredentials.');
  }

  describeCredentials(keyId: string): Promise<CredentialsDescription | null> {
    return this.options.vault.describe(keyId);
  }

  /**
   * Checks the credentials with a signed account read, then stores them encrypted for the key.
   * BAD_USER_INPUT when the input is malformed or the exchange refuses them; NOT_CONFIGURED without
   * CREDENTIALS_KEY (before anything is sent).
   */
  async setCredentials(keyId: string, input: { apiKey: string; secret: string }): Promise<CredentialsDescription> {
    if (!this.options.vault.configured) throw new NotConfiguredError(notConfiguredMessage);
    const apiKey = input.apiKey.trim();
    if (!apiKeyPattern.test(apiKey)) throw new BadUserInputError('apiKey must be 1 to 128 letters, digits, "-" or "_", as the exchange issues them.');
    let signer: RequestSigner;
    try {
      signer = createRequestSigner(input.secret);
    } catch {
      // The parser's message could quote the secret: say only what is wrong with it.
      throw new BadUserInputError('secret must be an HMAC secret, or a PEM Ed25519 or RSA private key.');
    }
    const kind = signer.kind.toUpperCase() as CredentialKind;
    const probe = new ExchangeAccountClient(this.options.exchange, accountSigner(apiKey, signer));
    try {
      await probe.account();
    } catch (error) {
      if (error instanceof ExchangeRejectedError && refusedCredentialCodes.has(error.exchangeCode)) {
        throw new BadUserInputError(`The exchange refused these credentials: ${error.exchangeMessage}`, { exchangeCode: error.exchangeCode });
      }
      throw error;
    }
    return this.options.vault.write(keyId, { apiKey, secret: input.secret, kind }, (this.options.now ?? Date.now)());
  }

  deleteCredentials(keyId: string): Promise<boolean> {
    return this.options.vault.delete(keyId);
  }
}
