/** `npm run apikey`: the printed entry admits the printed key, with the asked scopes; bad arguments are named. */
import { describe, expect, it } from 'vitest';
import { runScript, type ScriptRun } from '../helpers/run-script.js';
import { mintApiKey } from '../../src/auth/api-key-hash.js';
import { ApiKeyRegistry } from '../../src/auth/api-key-registry.js';
import { parseMintArgs } from '../../src/auth/mint-api-key-args.js';
import { loadConfig } from '../../src/config/load-config.js';

const mint = (...args: string[]): Promise<ScriptRun> => runScript('src/api-key-cli.ts', args);

describe('npm run apikey', () => {
  it('prints a key once and the API_KEYS entry that admits it', async () => {
    const { code, stdout } = await mint('--id', 'bot-7', '--scopes', 'trade,read');
    expect(code).toBe(0);
    const key = /^ {2}(gw_\S+)$/m.exec(stdout)?.[1];
    const entry = /^ {2}(bot-7:[0-9a-f]{64}:\S+)$/m.exec(stdout)?.[1];
    expect(key).toBeDefined();
    expect(entry).toBeDefined();
    expect(stdout.split(key!).length - 1).toBe(1);
    expect(entry).not.toContain(key!);
    const config = loadConfig({ API_KEYS: `other:${'0'.repeat(64)}:read;${entry!}` });
    expect(new ApiKeyRegistry(config.apiKeys).authenticate(key!)).toEqual({ id: 'bot-7', scopes: ['read', 'trade'] });
    expect(new ApiKeyRegistry(config.apiKeys).authenticate(`${key!}x`)).toBeNull();
  });

  it('mints keys of 32 random bytes', () => {
    const keys = new Set(Array.from({ length: 100 }, () => mintApiKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^gw_[A-Za-z0-9_-]{43}$/);
  });

  it('exits 2 naming the bad argument, with the usage', async () => {
    const { code, stdout, stderr } = await mint('--id', 'bad:id', '--scopes', 'read');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--id must be 1 to 64 letters/);
    expect(stderr).toMatch(/Usage: npm run apikey/);
  });

  it('validates ids and scopes', () => {
    expect(parseMintArgs(['--id', 'desk.eu_1', '--scopes', 'live, read,live'])).toEqual({ id: 'desk.eu_1', scopes: ['read', 'live'] });
    expect(parseMintArgs(['--help'])).toBe('help');
    expect(() => parseMintArgs(['--scopes', 'read'])).toThrow(/--id must be .* got nothing/);
    expect(() => parseMintArgs(['--id', 'x;y', '--scopes', 'read'])).toThrow(/--id must be/);
    expect(() => parseMintArgs(['--id', 'x'])).toThrow(/--scopes needs at least one of read, trade, live, admin/);
    expect(parseMintArgs(['--id', 'ops', '--scopes', 'admin,read'])).toEqual({ id: 'ops', scopes: ['read', 'admin'] });
    expect(() => parseMintArgs(['--id', 'x', '--scopes', 'read,root'])).toThrow(/unknown scope root/);
    expect(() => parseMintArgs(['--id', 'x', '--scopes', 'read', '--bogus'])).toThrow(/Unknown option '--bogus'/);
  });
});
