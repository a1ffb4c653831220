/**
 * The out-of-the-box key: with no API_KEYS outside production, one read,trade key is minted for the
 * run and works; production refuses to start without keys (main.ts prints the config's problems and
 * exits 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/auth/api-key-hash.js';
import { ApiKeyRegistry } from '../../src/auth/api-key-registry.js';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway } from '../helpers/test-gateway.js';

let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange();
});

afterAll(async () => {
  await fake?.close();
});

describe('the development key', () => {
  it('is minted (read,trade) when no API_KEYS are set outside production', () => {
    const config = loadConfig({ NODE_ENV: 'development' });
    expect(config.devApiKey).toMatch(/^gw_/);
    expect(config.apiKeys).toEqual([{ id: 'dev', sha256: sha256Hex(config.devApiKey!), scopes: ['read', 'trade'] }]);
    expect(new ApiKeyRegistry(config.apiKeys).authenticate(config.devApiKey!)).toEqual({ id: 'dev', scopes: ['read', 'trade'] });
    expect(loadConfig({ NODE_ENV: 'development' }).devApiKey).not.toBe(config.devApiKey);
  });

  it('is not minted when API_KEYS lists keys', () => {
    expect(loadConfig({ API_KEYS: `bot:${'a'.repeat(64)}:read` }).devApiKey).toBeUndefined();
  });

  it('is refused in production: the config names API_KEYS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^API_KEYS: required/)]));
    }
  });

  it('works over HTTP, and only for read and trade', async () => {
    const gateway = await startTestGateway({ fake, env: { API_KEYS: '' } });
    try {
      const key = gateway.config.devApiKey!;
      const data = expectData(await gateway.execute<{ viewer: { id: string; scopes: string[] } }>('{ viewer { id scopes } }', { apiKey: key }));
      expect(data.viewer).toEqual({ id: 'dev', scopes: ['read', 'trade'] });
      const live = await gateway.execute('mutation { liveTrade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }', { apiKey: key });
      expect(errorCode(live)).toBe('FORBIDDEN');
    } finally {
      await gateway.stop();
    }
  });
});
