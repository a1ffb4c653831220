/** Shared pieces of the exchange-credentials tests: the own exchange account, the env, the operations. */
import { expectData } from '../helpers/graphql-client.js';
import type { TestGateway } from '../helpers/test-gateway.js';

/** An exchange account of the fake exchange besides the gateway's own (sim-api-key). */
export const ownAccount = { apiKey: 'OwnAccountKey0001', apiSecret: 'own-account-secret-hmac' };
/** The gateway's own account (the simulator's default one): listed first when a test opens more accounts. */
export const gatewayAccount = { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' };

export const credentialsEnv = (masterKey: string): Record<string, string> => ({ CREDENTIALS_KEY: masterKey });

export interface Credentials {
  apiKeyHint: string;
  kind: string;
  createdAt: string;
}

export const setMutation = 'mutation Set($input: ExchangeCredentialsInput!) { setExchangeCredentials(input: $input) { apiKeyHint kind createdAt } }';

export async function viewerCredentials(gateway: TestGateway, apiKey: string): Promise<Credentials | null> {
  const result = await gateway.execute<{ viewer: { exchangeCredentials: Credentials | null } }>('{ viewer { exchangeCredentials { apiKeyHint kind createdAt } } }', { apiKey });
  return expectData(result).viewer.exchangeCredentials;
}
