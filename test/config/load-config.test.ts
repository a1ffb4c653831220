/** Config is validated once, every problem named by its variable. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from '../helpers/config-problems.js';

const problemsOf = configProblems;

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.redis).toBeUndefined();
    expect(config.binance.baseUrl).toBe('https://api.binance.com');
    expect(config.binance.wsUrl).toBe('wss://stream.binance.com:9443');
    expect(config.liveTrading).toBe(false);
    expect(config.paperBalances).toEqual({ USDT: '10000' });
    expect(config.corsOrigins).toEqual([]);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', REDIS_URL: 'http://x', PAPER_BALANCES: 'USDT:ten', LIVE_TRADING: 'yes' });
    expect(problems.some((p) => p.startsWith('PORT'))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('PAPER_BALANCES'))).toBe(true);
    expect(problems.some((p) => p.startsWith('LIVE_TRADING'))).toBe(true);
  });

  it('parses API_KEYS entries and refuses malformed ones', () => {
    const hash = 'a'.repeat(64);
    expect(loadConfig({ API_KEYS: `bot:${hash}:read,trade` }).apiKeys).toEqual([{ id: 'bot', sha256: hash, scopes: ['read', 'trade'] }]);
    expect(loadConfig({ API_KEYS: `ops:${hash}:admin` }).apiKeys).toEqual([{ id: 'ops', sha256: hash, scopes: ['admin'] }]);
    expect(problemsOf({ API_KEYS: `bot:${hash}:root` })[0]).toMatch(/API_KEYS.*unknown scope root \(read, trade, live, admin\)/);
    expect(problemsOf({ API_KEYS: 'bot:nothex:read' })[0]).toMatch(/API_KEYS.*64 lowercase hex/);
  });

  it('refuses to turn live trading on without exchange credentials', () => {
    expect(problemsOf({ LIVE_TRADING: 'on' })[0]).toMatch(/LIVE_TRADING.*BINANCE_API_KEY/);
  });

  it('treats empty values as unset, as a blank .env line would', () => {
    expect(loadConfig({ REDIS_URL: '', PORT: '' }).port).toBe(4000);
  });
});
